"""The materials guide (智能情景答题): per service, questions whose answers decide the documents to bring.

A hall keeps one YAML file per service (``materials/*.yaml`` in its configuration directory)::

    service: business
    title: {zh-Hans: 企业设立登记, en: Company registration}
    questions:
      - id: company_type
        text: {zh-Hans: 企业类型, en: Kind of company}
        options:
          - {id: llc, text: {zh-Hans: 有限责任公司, en: Limited liability company}}
          - {id: sole, text: {zh-Hans: 个人独资企业, en: Sole proprietorship}}
      - id: foreign
        when: {company_type: llc}          # asked only when this holds
        ...
    documents:
      - id: application
        text: {zh-Hans: 登记申请书, en: Registration application}
        form: original                     # original, copy or original_and_copy
        copies: 1
        note: {zh-Hans: ..., en: ...}
        when: {company_type: [llc, sole]}  # added only when this holds
        unless: {foreign: "yes"}           # removed when this holds

A condition maps questions to an option or a list of options and holds when every named question
was answered with one of them; a list of such mappings holds when any of them does. Conditions
may only name questions asked before, so a questionnaire can always be walked front to back.

The loader reports every mistake of a file with its line, in both languages, and loads nothing
of a file that has one: a half-loaded guide would send a citizen home without a document.
"""

from __future__ import annotations

import contextlib
import re
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any

import yaml
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from .errors import HallError
from .model import LANGUAGES

ID = re.compile(r"^[a-z0-9_]{1,40}$")
# libyaml's parser where PyYAML has it (Home Assistant's wheels do): about three times faster.
LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
MAX_COPIES = 20
MAX_FILE_BYTES = 256 * 1024


class Form(StrEnum):
    """In which form a document is handed in."""

    ORIGINAL = "original"  # 原件
    COPY = "copy"  # 复印件
    ORIGINAL_AND_COPY = "original_and_copy"  # 原件及复印件


Text = Mapping[str, str]  # language -> text, both of LANGUAGES


@dataclass(frozen=True, slots=True)
class Condition:
    """Alternatives (any may hold), each a question -> accepted options mapping (all must hold)."""

    alternatives: tuple[Mapping[str, frozenset[str]], ...]

    def holds(self, answers: Mapping[str, str]) -> bool:
        """Whether the answers given so far satisfy it."""
        return any(
            all(answers.get(question) in options for question, options in alternative.items())
            for alternative in self.alternatives
        )

    def questions(self) -> set[str]:
        """The questions it names."""
        return {question for alternative in self.alternatives for question in alternative}


@dataclass(frozen=True, slots=True, kw_only=True)
class Option:
    """One answer a question offers."""

    id: str
    text: Text


@dataclass(frozen=True, slots=True, kw_only=True)
class Question:
    """A question of the guide; ``when`` decides whether it is asked."""

    id: str
    text: Text
    options: tuple[Option, ...]
    when: Condition | None = None
    help: Text | None = None

    def option_ids(self) -> frozenset[str]:
        """The answers it accepts."""
        return frozenset(option.id for option in self.options)


@dataclass(frozen=True, slots=True, kw_only=True)
class Document:
    """A document to bring; ``when`` adds it, ``unless`` removes it."""

    id: str
    text: Text
    form: Form = Form.ORIGINAL
    copies: int = 1
    note: Text | None = None
    when: Condition | None = None
    unless: Condition | None = None

    def needed(self, answers: Mapping[str, str]) -> bool:
        """Whether these answers call for it."""
        if self.when is not None and not self.when.holds(answers):
            return False
        return self.unless is None or not self.unless.holds(answers)


@dataclass(frozen=True, slots=True, kw_only=True)
class Guide:
    """One service's questionnaire and documents."""

    service: str
    title: Text
    questions: tuple[Question, ...]
    documents: tuple[Document, ...]
    file: str = ""
    line: int = 1  # of its ``service:``

    def asked(self, answers: Mapping[str, str]) -> list[Question]:
        """The questions these answers lead to, in order (a later one may depend on earlier ones)."""
        return [q for q in self.questions if q.when is None or q.when.holds(answers)]

    def checklist(self, answers: Mapping[str, Any]) -> Checklist:
        """The documents for a complete set of answers; refuses missing, unknown or wrong answers."""
        by_id = {q.id: q for q in self.questions}
        for name, answer in answers.items():
            if name not in by_id:
                raise HallError("materials_unknown_question", service=self.service, question=name)
            if not isinstance(answer, str) or answer not in by_id[name].option_ids():
                raise HallError(
                    "materials_bad_answer",
                    service=self.service,
                    question=name,
                    answer=answer,
                    options=", ".join(sorted(by_id[name].option_ids())),
                )
        given: dict[str, str] = {}
        for question in self.questions:
            if question.when is not None and not question.when.holds(given):
                continue  # not asked: an answer to it does not count
            if question.id not in answers:
                raise HallError("materials_unanswered", service=self.service, question=question.id)
            given[question.id] = answers[question.id]
        return self._checklist_of(given)

    def recorded_checklist(self, answers: Mapping[str, str]) -> Checklist:
        """The checklist of answers kept with a ticket, with the guide as it is now.

        The hall may have edited the file since: answers to questions it no longer asks (or
        with options it no longer has) are left out, and nothing is refused.
        """
        by_id = {q.id: q for q in self.questions}
        kept = {q: a for q, a in answers.items() if q in by_id and a in by_id[q].option_ids()}
        return self._checklist_of({q.id: kept[q.id] for q in self.asked(kept) if q.id in kept})

    def _checklist_of(self, given: dict[str, str]) -> Checklist:
        """The documents these answers (to the questions asked, already checked) call for."""
        return Checklist(
            service=self.service,
            answers=given,
            documents=tuple(d for d in self.documents if d.needed(given)),
        )

    def as_dict(self) -> dict[str, Any]:
        """The questionnaire for a kiosk: conditions as plain data, so it can walk them itself."""
        return {
            "service": self.service,
            "title": dict(self.title),
            "questions": [
                {
                    "id": q.id,
                    "text": dict(q.text),
                    "help": dict(q.help) if q.help else None,
                    "options": [{"id": o.id, "text": dict(o.text)} for o in q.options],
                    "when": _condition_dict(q.when),
                }
                for q in self.questions
            ],
            "documents": len(self.documents),
        }


@dataclass(frozen=True, slots=True, kw_only=True)
class Checklist:
    """What a citizen must bring, from their answers."""

    service: str
    answers: Mapping[str, str]
    documents: tuple[Document, ...]

    def as_dict(self) -> dict[str, Any]:
        """Plain data for an action's answer and the cards."""
        return {
            "service": self.service,
            "answers": dict(self.answers),
            "documents": [
                {
                    "id": d.id,
                    "text": dict(d.text),
                    "form": d.form.value,
                    "copies": d.copies,
                    "note": dict(d.note) if d.note else None,
                }
                for d in self.documents
            ],
        }


def _condition_dict(condition: Condition | None) -> list[dict[str, list[str]]] | None:
    if condition is None:
        return None
    return [{q: sorted(options) for q, options in alt.items()} for alt in condition.alternatives]


# Mistakes


#: Every reason a file can be refused for: its message in zh-Hans and English.
REASONS: dict[str, tuple[str, str]] = {
    "not_utf8": ("文件不是 UTF-8 编码", "the file is not UTF-8 text"),
    "too_large": ("文件超过 {limit} 字节", "the file is larger than {limit} bytes"),
    "yaml_syntax": ("不是有效的 YAML：{problem}", "not valid YAML: {problem}"),
    "empty": ("文件是空的", "the file is empty"),
    "not_mapping": ("{where} 应是键值映射", "{where} must be a mapping"),
    "not_list": ("{where} 应是列表", "{where} must be a list"),
    "not_text": ("{where} 应是文字", "{where} must be text"),
    "unknown_key": ("未知的键 {key}（可用：{allowed}）", "unknown key {key} (allowed: {allowed})"),
    "missing_key": ("缺少 {key}", "{key} is missing"),
    "duplicate_key": ("键 {key} 重复", "the key {key} appears twice"),
    "unknown_service": ("本大厅没有事项 {service}", "the hall has no service {service}"),
    "service_taken": (
        "事项 {service} 已由 {other} 定义",
        "the service {service} already has a guide in {other}",
    ),
    "missing_language": ("缺少 {language} 文字", "the {language} text is missing"),
    "unknown_language": ("未知的语言 {language}", "unknown language {language}"),
    "bad_id": (
        "标识 {id} 只能用小写字母、数字和 _",
        "the id {id} may only use lowercase letters, digits and _",
    ),
    "duplicate_id": ("标识 {id} 重复", "the id {id} is used twice"),
    "too_few_options": ("问题至少要有两个选项", "a question needs at least two options"),
    "no_documents": ("至少要列出一份材料", "list at least one document"),
    "unknown_question": ("条件中的问题 {question} 不存在", "the condition names no question {question}"),
    "later_question": (
        "条件只能引用前面的问题，{question} 在后面",
        "a condition may only name earlier questions; {question} comes later",
    ),
    "unknown_option": ("问题 {question} 没有选项 {option}", "the question {question} has no option {option}"),
    "bad_form": (
        "形式 {form} 无效（可用：original、copy、original_and_copy）",
        "the form {form} is not one of original, copy, original_and_copy",
    ),
    "bad_copies": ("份数应是 1 到 {limit} 的整数", "copies must be a whole number from 1 to {limit}"),
}


@dataclass(frozen=True, slots=True)
class Mistake:
    """One thing wrong in a file: where, and why."""

    file: str
    line: int  # 1-based
    reason: str
    placeholders: Mapping[str, str] = field(default_factory=dict)

    def message(self, language: str) -> str:
        """The reason in a language (zh-Hans, or English for any other)."""
        zh, en = REASONS[self.reason]
        return (zh if language == "zh-Hans" else en).format(**self.placeholders)

    def line_text(self, language: str) -> str:
        """``file, line N: reason`` in a language."""
        where = (
            f"{self.file} 第 {self.line} 行" if language == "zh-Hans" else f"{self.file}, line {self.line}"
        )
        return f"{where}: {self.message(language)}"


class _Refused(Exception):
    """A part of the file that cannot be read further; its mistake is already recorded."""


class _Reader:
    """Walks a composed YAML document, recording every mistake with its line."""

    def __init__(self, file: str) -> None:
        self.file = file
        self.mistakes: list[Mistake] = []

    def mistake(self, node: Node | None, reason: str, **placeholders: object) -> None:
        line = node.start_mark.line + 1 if node is not None else 1
        self.mistakes.append(Mistake(self.file, line, reason, {k: str(v) for k, v in placeholders.items()}))

    def refuse(self, node: Node, reason: str, **placeholders: object) -> _Refused:
        self.mistake(node, reason, **placeholders)
        return _Refused()

    def mapping(
        self, node: Node, where: str, *, required: Iterable[str], optional: Iterable[str] = ()
    ) -> dict[str, Node]:
        """A mapping's values by key: unknown, repeated and missing keys are mistakes."""
        if not isinstance(node, MappingNode):
            raise self.refuse(node, "not_mapping", where=where)
        required = tuple(required)
        allowed = (*required, *optional)
        found: dict[str, Node] = {}
        for key_node, value in node.value:
            key = str(key_node.value)
            if key in found:
                self.mistake(key_node, "duplicate_key", key=key)
            elif key not in allowed:
                self.mistake(key_node, "unknown_key", key=key, allowed=", ".join(allowed))
            else:
                found[key] = value
        for key in required:
            if key not in found:
                self.mistake(node, "missing_key", key=f"{where}.{key}" if where else key)
        return found

    def items(self, node: Node, where: str) -> list[Node]:
        if not isinstance(node, SequenceNode):
            raise self.refuse(node, "not_list", where=where)
        return list(node.value)

    def scalar(self, node: Node, where: str) -> str:
        """A scalar's text as written (``yes`` stays ``yes``, not a boolean)."""
        if (
            not isinstance(node, ScalarNode)
            or node.tag == "tag:yaml.org,2002:null"
            or not str(node.value).strip()
        ):
            raise self.refuse(node, "not_text", where=where)
        return str(node.value).strip()

    def identifier(self, node: Node, where: str) -> str:
        value = self.scalar(node, where)
        if not ID.match(value):
            raise self.refuse(node, "bad_id", id=value)
        return value

    def text(self, node: Node, where: str) -> Text:
        """Text in every language of the hall."""
        if not isinstance(node, MappingNode):
            raise self.refuse(node, "not_mapping", where=where)
        text: dict[str, str] = {}
        for key_node, value in node.value:
            language = str(key_node.value)
            if language not in LANGUAGES:
                self.mistake(key_node, "unknown_language", language=language)
            elif language in text:
                self.mistake(key_node, "duplicate_key", key=language)
            else:
                text[language] = self.scalar(value, f"{where}.{language}")
        for language in LANGUAGES:
            if language not in text:
                self.mistake(node, "missing_language", language=language)
        if len(text) < len(LANGUAGES):
            raise _Refused()
        return text

    def each(self, nodes: Iterable[Node], read: Callable[[Node, int], Any]) -> list[tuple[Any, Node]]:
        """Read every item, going on past a broken one so that its siblings' mistakes show too."""
        read_items = []
        for index, item in enumerate(nodes):
            try:
                read_items.append((read(item, index), item))
            except _Refused:
                continue
        return read_items

    def optional(self, values: Mapping[str, Node], key: str, read: Callable[[Node], Any]) -> Any:
        if key not in values:
            return None
        try:
            return read(values[key])
        except _Refused:
            return None


def _unique(reader: _Reader, pairs: list[tuple[Any, Node]]) -> list[Any]:
    """The items, each id once; a repeated id is a mistake."""
    seen: set[str] = set()
    for item, node in pairs:
        if item.id in seen:
            reader.mistake(node, "duplicate_id", id=item.id)
        seen.add(item.id)
    return [item for item, _ in pairs]


class _GuideReader(_Reader):
    def __init__(self, file: str) -> None:
        super().__init__(file)
        self.broken: set[str] = set()  # questions that did not read

    def guide(self, root: Node, services: Iterable[str]) -> Guide:
        values = self.mapping(root, "", required=("service", "title", "questions", "documents"))
        service = self.optional(values, "service", lambda n: self.scalar(n, "service"))
        if service is not None and service not in set(services):
            self.mistake(values["service"], "unknown_service", service=service)
        title = self.optional(values, "title", lambda n: self.text(n, "title"))
        questions: list[Question] = []
        question_nodes: list[Node] = []
        if "questions" in values:
            with contextlib.suppress(_Refused):
                question_nodes = self.items(values["questions"], "questions")
        if not question_nodes:
            self.broken.add("*")  # no questions read: conditions cannot be checked
        asked: dict[str, Question] = {}
        for index, node in enumerate(question_nodes):
            later = {i for n in question_nodes[index + 1 :] if (i := self._peek_id(n)) is not None}
            try:
                question = self.question(node, index, asked, later)
            except _Refused:
                self.broken.add(self._peek_id(node) or "")
                continue
            if question.id in asked:
                self.mistake(node, "duplicate_id", id=question.id)
                continue
            asked[question.id] = question
            questions.append(question)
        documents: list[Document] = []
        if "documents" in values:
            try:
                nodes = self.items(values["documents"], "documents")
            except _Refused:
                nodes = []
            if not nodes and isinstance(values["documents"], SequenceNode):
                self.mistake(values["documents"], "no_documents")
            documents = _unique(self, self.each(nodes, lambda n, i: self.document(n, i, asked)))
        if self.mistakes or service is None or title is None:
            raise _Refused()
        return Guide(
            service=service,
            title=title,
            questions=tuple(questions),
            documents=tuple(documents),
            file=self.file,
            line=values["service"].start_mark.line + 1,
        )

    @staticmethod
    def _peek_id(node: Node) -> str | None:
        if isinstance(node, MappingNode):
            for key, value in node.value:
                if key.value == "id" and isinstance(value, ScalarNode):
                    return str(value.value).strip()
        return None

    def question(self, node: Node, index: int, asked: Mapping[str, Question], later: set[str]) -> Question:
        where = f"questions[{index}]"
        values = self.mapping(node, where, required=("id", "text", "options"), optional=("when", "help"))
        if "id" not in values or "text" not in values or "options" not in values:
            raise _Refused()
        question_id = self.identifier(values["id"], f"{where}.id")
        text = self.text(values["text"], f"{where}.text")
        help_text = self.optional(values, "help", lambda n: self.text(n, f"{where}.help"))
        option_nodes = self.items(values["options"], f"{where}.options")
        options = _unique(self, self.each(option_nodes, lambda n, i: self.option(n, f"{where}.options[{i}]")))
        if len(option_nodes) < 2:
            self.mistake(values["options"], "too_few_options")
        when = self.optional(values, "when", lambda n: self.condition(n, asked, later | {question_id}))
        if len(options) != len(option_nodes) or len(options) < 2:
            raise _Refused()
        return Question(id=question_id, text=text, options=tuple(options), when=when, help=help_text)

    def option(self, node: Node, where: str) -> Option:
        values = self.mapping(node, where, required=("id", "text"))
        if "id" not in values or "text" not in values:
            raise _Refused()
        return Option(
            id=self.identifier(values["id"], f"{where}.id"), text=self.text(values["text"], f"{where}.text")
        )

    def document(self, node: Node, index: int, asked: Mapping[str, Question]) -> Document:
        where = f"documents[{index}]"
        values = self.mapping(
            node, where, required=("id", "text"), optional=("form", "copies", "note", "when", "unless")
        )
        if "id" not in values or "text" not in values:
            raise _Refused()
        count = len(self.mistakes)
        document_id = self.identifier(values["id"], f"{where}.id")
        text = self.optional(values, "text", lambda n: self.text(n, f"{where}.text"))
        form = self.optional(values, "form", lambda n: self.form(n, f"{where}.form")) or Form.ORIGINAL
        copies = self.optional(values, "copies", self.copies) or 1
        note = self.optional(values, "note", lambda n: self.text(n, f"{where}.note"))
        when = self.optional(values, "when", lambda n: self.condition(n, asked, set()))
        unless = self.optional(values, "unless", lambda n: self.condition(n, asked, set()))
        if len(self.mistakes) > count:
            raise _Refused()
        return Document(
            id=document_id, text=text, form=form, copies=copies, note=note, when=when, unless=unless
        )

    def form(self, node: Node, where: str) -> Form:
        value = self.scalar(node, where)
        if value not in Form.__members__.values():
            raise self.refuse(node, "bad_form", form=value)
        return Form(value)

    def copies(self, node: Node) -> int:
        if node.tag != "tag:yaml.org,2002:int" or not 1 <= int(str(node.value)) <= MAX_COPIES:
            raise self.refuse(node, "bad_copies", limit=MAX_COPIES)
        return int(str(node.value))

    def condition(self, node: Node, asked: Mapping[str, Question], later: set[str]) -> Condition:
        alternatives = self.items(node, "when") if isinstance(node, SequenceNode) else [node]
        count = len(self.mistakes)
        read = [self.alternative(alt, asked, later) for alt in alternatives]
        if len(self.mistakes) > count:
            raise _Refused()
        return Condition(tuple(read))

    def alternative(
        self, node: Node, asked: Mapping[str, Question], later: set[str]
    ) -> dict[str, frozenset[str]]:
        if not isinstance(node, MappingNode):
            self.mistake(node, "not_mapping", where="when")
            return {}
        alternative: dict[str, frozenset[str]] = {}
        for key_node, value in node.value:
            question = str(key_node.value)
            if question in alternative:
                self.mistake(key_node, "duplicate_key", key=question)
                continue
            if question in self.broken or "*" in self.broken:
                continue  # its own mistake is reported; naming it is not another
            if question not in asked:
                self.mistake(
                    key_node, "later_question" if question in later else "unknown_question", question=question
                )
                continue
            values = value.value if isinstance(value, SequenceNode) else [value]
            options: set[str] = set()
            for option_node in values:
                try:
                    option = self.scalar(option_node, question)
                except _Refused:
                    continue
                if option not in asked[question].option_ids():
                    self.mistake(option_node, "unknown_option", question=question, option=option)
                options.add(option)
            alternative[question] = frozenset(options)
        return alternative


def read_guide(file: str, content: bytes, services: Iterable[str]) -> tuple[Guide | None, list[Mistake]]:
    """One file's guide, or None and every mistake in it (file names the file in messages)."""
    reader = _GuideReader(file)
    if len(content) > MAX_FILE_BYTES:
        reader.mistake(None, "too_large", limit=MAX_FILE_BYTES)
        return None, reader.mistakes
    try:
        text = content.decode("utf-8")
    except UnicodeDecodeError as err:
        line = content[: err.start].count(b"\n") + 1
        return None, [Mistake(file, line, "not_utf8")]
    try:
        root = yaml.compose(text, Loader=LOADER)
    except yaml.MarkedYAMLError as err:
        mark = err.problem_mark or err.context_mark
        line = mark.line + 1 if mark is not None else 1
        return None, [Mistake(file, line, "yaml_syntax", {"problem": str(err.problem or err.context)})]
    except yaml.YAMLError as err:  # a reader error: a character YAML does not allow
        return None, [Mistake(file, 1, "yaml_syntax", {"problem": str(err)})]
    if root is None:
        return None, [Mistake(file, 1, "empty")]
    try:
        return reader.guide(root, services), []
    except _Refused:
        return None, sorted(reader.mistakes, key=lambda m: m.line)


@dataclass(frozen=True, slots=True)
class Guides:
    """The guides a hall loaded, and the files it refused with their mistakes."""

    guides: Mapping[str, Guide] = field(default_factory=dict)
    refused: Mapping[str, tuple[Mistake, ...]] = field(default_factory=dict)

    def guide(self, service: str) -> Guide:
        """A service's guide; refused when it has none (or its file is broken)."""
        if (guide := self.guides.get(service)) is None:
            raise HallError("materials_no_guide", service=service)
        return guide


def read_guides(files: Iterable[tuple[str, bytes]], services: Iterable[str]) -> Guides:
    """Every file's guide, in file name order; a second guide for a service is refused."""
    services = set(services)
    guides: dict[str, Guide] = {}
    refused: dict[str, tuple[Mistake, ...]] = {}
    for file, content in sorted(files):
        guide, mistakes = read_guide(file, content, services)
        if guide is not None and (other := guides.get(guide.service)) is not None:
            mistakes = [
                Mistake(file, guide.line, "service_taken", {"service": guide.service, "other": other.file})
            ]
            guide = None
        if guide is None:
            refused[file] = tuple(mistakes)
        else:
            guides[guide.service] = guide
    return Guides(guides, refused)
