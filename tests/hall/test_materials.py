"""The materials guide: the repository's examples, checklists, and every mistake a file can hold."""

from __future__ import annotations

import re
import textwrap
from pathlib import Path
from typing import Any

import pytest
import yaml

from custom_components.service_hall.hall import HallError
from custom_components.service_hall.hall.materials import (
    MAX_COPIES,
    MAX_FILE_BYTES,
    REASONS,
    Guides,
    Mistake,
    read_guide,
    read_guides,
)

ROOT = Path(__file__).parents[2]
EXAMPLES = ROOT / "demo" / "config" / "service_hall" / "materials"
SAMPLE_SERVICES = [
    s["id"] for s in yaml.safe_load((EXAMPLES.parent / "sample_hall.yaml").read_text())["services"]
]


def examples() -> Guides:
    return read_guides([(p.name, p.read_bytes()) for p in EXAMPLES.glob("*.yaml")], SAMPLE_SERVICES)


def ids(checklist: Any) -> list[str]:
    return [d.id for d in checklist.documents]


def test_the_examples_load_for_the_sample_hall() -> None:
    guides = examples()
    assert guides.refused == {}
    assert sorted(guides.guides) == ["business", "household", "social_insurance"]
    for guide in guides.guides.values():
        assert guide.service in SAMPLE_SERVICES
        assert guide.title["zh-Hans"] and guide.title["en"]


@pytest.mark.parametrize(
    ("service", "answers", "documents"),
    [
        (
            "business",
            {"company_type": "llc", "foreign": "no", "premises": "rented", "agent": "no"},
            ["application", "articles", "investor_id", "lease"],
        ),
        (
            "business",
            {"company_type": "llc", "foreign": "yes", "premises": "owned", "agent": "yes"},
            [
                "application",
                "articles",
                "foreign_investor_proof",
                "property_certificate",
                "power_of_attorney",
                "agent_id",
            ],
        ),
        (
            # A sole proprietorship is not asked about foreign investors: an answer to it is dropped.
            "business",
            {"company_type": "sole", "foreign": "yes", "premises": "owned", "agent": "no"},
            ["application", "investor_id", "property_certificate"],
        ),
        (
            "business",
            {"company_type": "partnership", "foreign": "no", "premises": "rented", "agent": "no"},
            ["application", "partnership_agreement", "investor_id", "lease"],
        ),
        (
            "household",
            {"reason": "house", "province": "yes"},
            ["hukou_book", "id_card", "property_certificate", "photos"],
        ),
        (
            "household",
            {"reason": "family", "relation": "spouse", "province": "no"},
            ["hukou_book", "id_card", "marriage_certificate", "migration_certificate", "photos"],
        ),
        (
            "household",
            {"reason": "family", "relation": "child", "province": "yes"},
            ["hukou_book", "id_card", "kinship_proof", "photos"],
        ),
        (
            "household",
            {"reason": "talent", "province": "no"},
            ["hukou_book", "id_card", "talent_certificate", "migration_certificate", "photos"],
        ),
        (
            "social_insurance",
            {"applicant": "employer"},
            ["business_licence", "staff_list", "labour_contracts"],
        ),
        (
            "social_insurance",
            {"applicant": "flexible", "transfer": "yes"},
            ["id_card", "transfer_form", "bank_card"],
        ),
        ("social_insurance", {"applicant": "resident", "transfer": "no"}, ["id_card", "bank_card"]),
    ],
)
def test_checklists_of_the_examples(service: str, answers: dict[str, str], documents: list[str]) -> None:
    checklist = examples().guide(service).checklist(answers)
    assert ids(checklist) == documents
    out = checklist.as_dict()
    assert [d["id"] for d in out["documents"]] == documents
    asked = {q.id for q in examples().guide(service).asked(answers)}
    assert out["answers"] == {k: v for k, v in answers.items() if k in asked}
    for document in out["documents"]:
        assert document["text"]["zh-Hans"] and document["text"]["en"]
        assert document["form"] in ("original", "copy", "original_and_copy")
        assert 1 <= document["copies"] <= MAX_COPIES


def test_notes_forms_and_copies_reach_the_checklist() -> None:
    checklist = (
        examples()
        .guide("business")
        .checklist({"company_type": "llc", "foreign": "yes", "premises": "owned", "agent": "no"})
    )
    out = {d["id"]: d for d in checklist.as_dict()["documents"]}
    assert out["foreign_investor_proof"]["form"] == "original_and_copy"
    assert out["foreign_investor_proof"]["copies"] == 2
    assert out["application"]["note"] == {"zh-Hans": "全体投资人签字", "en": "Signed by every investor"}
    assert out["property_certificate"]["form"] == "copy"
    assert out["articles"]["note"] is None


def test_questions_follow_the_answers() -> None:
    guide = examples().guide("household")
    assert [q.id for q in guide.asked({})] == ["reason", "province"]
    assert [q.id for q in guide.asked({"reason": "family"})] == ["reason", "relation", "province"]
    questionnaire = guide.as_dict()
    assert questionnaire["questions"][1]["when"] == [{"reason": ["family"]}]
    assert questionnaire["questions"][0]["when"] is None
    assert [o["id"] for o in questionnaire["questions"][0]["options"]] == ["house", "talent", "family"]
    assert questionnaire["documents"] == 8


@pytest.mark.parametrize(
    ("answers", "key", "placeholders"),
    [
        ({"province": "yes"}, "materials_unanswered", {"service": "household", "question": "reason"}),
        (
            {"reason": "family", "province": "yes"},
            "materials_unanswered",
            {"service": "household", "question": "relation"},
        ),
        (
            {"reason": "boat", "province": "yes"},
            "materials_bad_answer",
            {
                "service": "household",
                "question": "reason",
                "answer": "boat",
                "options": "family, house, talent",
            },
        ),
        (
            {"reason": 3, "province": "yes"},
            "materials_bad_answer",
            {"service": "household", "question": "reason", "answer": "3", "options": "family, house, talent"},
        ),
        (
            {"reason": "house", "province": "yes", "pets": "no"},
            "materials_unknown_question",
            {"service": "household", "question": "pets"},
        ),
    ],
)
def test_wrong_answers_are_refused(answers: dict[str, Any], key: str, placeholders: dict[str, str]) -> None:
    with pytest.raises(HallError) as info:
        examples().guide("household").checklist(answers)
    assert (info.value.key, info.value.placeholders) == (key, placeholders)


def test_a_service_without_a_guide_is_refused() -> None:
    with pytest.raises(HallError) as info:
        examples().guide("tax")
    assert (info.value.key, info.value.placeholders) == ("materials_no_guide", {"service": "tax"})


# Mistakes

GOOD = """\
service: tax
title: {zh-Hans: 税务, en: Tax}
questions:
  - id: kind
    text: {zh-Hans: 类型, en: Kind}
    options:
      - {id: a, text: {zh-Hans: 甲, en: A}}
      - {id: b, text: {zh-Hans: 乙, en: B}}
documents:
  - id: form
    text: {zh-Hans: 申请表, en: Form}
    when: {kind: a}
"""


def read(text: str, services: tuple[str, ...] = ("tax",)) -> tuple[Any, list[tuple[int, str]]]:
    guide, mistakes = read_guide("tax.yaml", textwrap.dedent(text).encode(), services)
    return guide, [(m.line, m.reason) for m in mistakes]


def test_the_good_file_is_good() -> None:
    guide, mistakes = read(GOOD)
    assert mistakes == []
    assert guide is not None and guide.service == "tax"
    assert [d.id for d in guide.checklist({"kind": "a"}).documents] == ["form"]
    assert guide.checklist({"kind": "b"}).documents == ()


MISTAKES: list[tuple[str, str, list[tuple[int, str]]]] = [
    ("syntax", GOOD.replace("id: kind", "id: [kind"), [(5, "yaml_syntax")]),
    ("tab", GOOD.replace("    text: {zh-Hans: 类型", "\ttext: {zh-Hans: 类型"), [(5, "yaml_syntax")]),
    ("empty", "# nothing here\n", [(1, "empty")]),
    ("a list", "- service: tax\n", [(1, "not_mapping")]),
    ("unknown key", GOOD.replace("questions:", "qestions:"), [(1, "missing_key"), (3, "unknown_key")]),
    ("duplicate key", GOOD + "service: tax\n", [(13, "duplicate_key")]),
    ("unknown service", GOOD.replace("service: tax", "service: visa"), [(1, "unknown_service")]),
    ("service not text", GOOD.replace("service: tax", "service: [tax]"), [(1, "not_text")]),
    (
        "missing language",
        GOOD.replace("{zh-Hans: 税务, en: Tax}", "{zh-Hans: 税务}"),
        [(2, "missing_language")],
    ),
    ("unknown language", GOOD.replace("en: Tax}", "en: Tax, fr: Impôts}"), [(2, "unknown_language")]),
    ("text not a mapping", GOOD.replace("{zh-Hans: 税务, en: Tax}", "税务"), [(2, "not_mapping")]),
    ("empty text", GOOD.replace("en: Kind}", "en: ''}"), [(5, "not_text")]),
    (
        "questions not a list",
        GOOD.replace("questions:\n", "questions: none\nx:\n"),
        [(3, "not_list"), (4, "unknown_key")],
    ),
    ("bad id", GOOD.replace("id: kind", "id: Kind"), [(4, "bad_id"), (12, "unknown_question")]),
    ("bad option id", GOOD.replace("{id: b,", "{id: b-2,"), [(8, "bad_id")]),
    ("duplicate option", GOOD.replace("{id: b,", "{id: a,"), [(8, "duplicate_id")]),
    (
        "duplicate question",
        GOOD.replace(
            "documents:",
            "  - id: kind\n    text: {zh-Hans: 类型, en: Kind}\n    options: [{id: a, text: {zh-Hans: 甲, en: A}}, {id: b, text: {zh-Hans: 乙, en: B}}]\ndocuments:",
        ),
        [(9, "duplicate_id")],
    ),
    (
        "one option",
        GOOD.replace("      - {id: b, text: {zh-Hans: 乙, en: B}}\n", ""),
        [(7, "too_few_options")],
    ),
    ("no documents", GOOD.split("documents:", maxsplit=1)[0] + "documents: []\n", [(9, "no_documents")]),
    ("missing text", GOOD.replace("    text: {zh-Hans: 申请表, en: Form}\n", ""), [(10, "missing_key")]),
    ("unknown question", GOOD.replace("when: {kind: a}", "when: {sort: a}"), [(12, "unknown_question")]),
    ("unknown option", GOOD.replace("when: {kind: a}", "when: {kind: [a, c]}"), [(12, "unknown_option")]),
    (
        "later question",
        GOOD.replace(
            "    options:\n      - {id: a", "    when: {other: x}\n    options:\n      - {id: a", 1
        ).replace(
            "documents:",
            "  - id: other\n    text: {zh-Hans: 其他, en: Other}\n    options: [{id: x, text: {zh-Hans: 是, en: 'Yes'}}, {id: y, text: {zh-Hans: 否, en: 'No'}}]\ndocuments:",
        ),
        [(6, "later_question")],
    ),
    (
        "own question",
        GOOD.replace("    options:\n      - {id: a", "    when: {kind: a}\n    options:\n      - {id: a", 1),
        [(6, "later_question")],
    ),
    ("bad form", GOOD.replace("    when: {kind: a}", "    form: scan"), [(12, "bad_form")]),
    ("copies zero", GOOD.replace("    when: {kind: a}", "    copies: 0"), [(12, "bad_copies")]),
    ("copies text", GOOD.replace("    when: {kind: a}", "    copies: two"), [(12, "bad_copies")]),
    (
        "copies too many",
        GOOD.replace("    when: {kind: a}", f"    copies: {MAX_COPIES + 1}"),
        [(12, "bad_copies")],
    ),
    ("condition not a mapping", GOOD.replace("when: {kind: a}", "when: [kind]"), [(12, "not_mapping")]),
    (
        "condition repeats",
        GOOD.replace("when: {kind: a}", "when: {kind: a, kind: b}"),
        [(12, "duplicate_key")],
    ),
]


@pytest.mark.parametrize(("name", "text", "expected"), MISTAKES, ids=[m[0] for m in MISTAKES])
def test_each_mistake_is_reported_with_its_line_and_nothing_loads(
    name: str, text: str, expected: list[tuple[int, str]]
) -> None:
    guide, mistakes = read(text)
    assert guide is None
    assert mistakes == expected


def test_files_that_cannot_be_read() -> None:
    guide, mistakes = read_guide("x.yaml", "service: tax\n".encode("utf-16"), ["tax"])
    assert guide is None and [(m.line, m.reason) for m in mistakes] == [(1, "not_utf8")]
    guide, mistakes = read_guide("x.yaml", b"service: tax\ntitle: caf\xe9\n", ["tax"])
    assert guide is None and [(m.line, m.reason) for m in mistakes] == [(2, "not_utf8")]
    guide, mistakes = read_guide("x.yaml", b"#" * (MAX_FILE_BYTES + 1), ["tax"])
    assert [(m.reason, dict(m.placeholders)) for m in mistakes] == [
        ("too_large", {"limit": str(MAX_FILE_BYTES)})
    ]
    guide, mistakes = read_guide("x.yaml", b"service: \x07tax\n", ["tax"])
    assert guide is None and [m.reason for m in mistakes] == ["yaml_syntax"]


def test_every_mistake_of_a_file_is_reported_at_once() -> None:
    text = (
        GOOD.replace("service: tax", "service: visa")
        .replace("en: Tax}", "fr: Impôts}")
        .replace("when: {kind: a}", "when: {kind: c}\n    copies: -1")
    )
    guide, mistakes = read(text)
    assert guide is None
    assert mistakes == [
        (1, "unknown_service"),
        (2, "unknown_language"),
        (2, "missing_language"),
        (12, "unknown_option"),
        (13, "bad_copies"),
    ]


def test_a_broken_file_does_not_stop_the_others() -> None:
    guides = read_guides(
        [
            ("b_tax.yaml", GOOD.encode()),
            ("a_broken.yaml", GOOD.replace("tax", "social").replace("id: b,", "id: a,").encode()),
            ("c_again.yaml", GOOD.encode()),
        ],
        ["tax", "social"],
    )
    assert list(guides.guides) == ["tax"]
    assert guides.guides["tax"].file == "b_tax.yaml"
    assert {f: [(m.line, m.reason) for m in ms] for f, ms in guides.refused.items()} == {
        "a_broken.yaml": [(8, "duplicate_id")],
        "c_again.yaml": [(1, "service_taken")],
    }
    taken = guides.refused["c_again.yaml"][0]
    assert taken.message("en") == "the service tax already has a guide in b_tax.yaml"
    assert taken.line_text("zh-Hans") == "c_again.yaml 第 1 行: 事项 tax 已由 b_tax.yaml 定义"
    with pytest.raises(HallError):
        guides.guide("social")


def test_every_reason_is_tested_and_reads_in_both_languages() -> None:
    source = Path(__file__).read_text(encoding="utf-8")
    tested = set(re.findall(r'"([a-z_0-9]+)"\)', source)) | {
        "not_utf8",
        "too_large",
        "yaml_syntax",
        "service_taken",
    }
    assert set(REASONS) <= tested
    for reason, (zh, en) in REASONS.items():
        names = set(re.findall(r"\{(\w+)\}", zh))
        assert names == set(re.findall(r"\{(\w+)\}", en)), reason
        mistake = Mistake("f.yaml", 3, reason, dict.fromkeys(names, "X"))
        assert "{" not in mistake.message("zh-Hans") and "{" not in mistake.message("en")
        assert mistake.line_text("en").startswith("f.yaml, line 3: ")


def test_pure_python_yaml_reports_the_same_lines(monkeypatch: pytest.MonkeyPatch) -> None:
    # Without libyaml (PyYAML built without it) the loader falls back to PyYAML's own parser.
    from custom_components.service_hall.hall import materials

    with_libyaml = [read(text)[1] for _, text, _ in MISTAKES]
    monkeypatch.setattr(materials, "LOADER", yaml.SafeLoader)
    assert [read(text)[1] for _, text, _ in MISTAKES] == with_libyaml


def test_a_tickets_answers_still_give_a_checklist_after_the_guide_changed() -> None:
    # Issued with the old guide; the hall then dropped a question and an option.
    old = {"company_type": "partnership", "foreign": "no", "premises": "rented", "agent": "yes"}
    text = (EXAMPLES / "business.yaml").read_text(encoding="utf-8")
    text = text.replace("      - {id: partnership, text: {zh-Hans: 合伙企业, en: Partnership}}\n", "")
    text = text.replace("when: {company_type: partnership}", "when: {company_type: llc}")
    text = text.replace("when: {company_type: [llc, partnership]}", "when: {company_type: llc}")
    start = text.index("  - id: agent\n")
    text = text[:start] + text[text.index("documents:") :]
    text = text.replace('    when: {agent: "yes"}\n', "")
    guide, mistakes = read_guide("business.yaml", text.encode(), SAMPLE_SERVICES)
    assert guide is not None, mistakes
    with pytest.raises(HallError):
        guide.checklist(old)
    checklist = guide.recorded_checklist(old)
    assert checklist.answers == {"premises": "rented"}
    assert ids(checklist) == ["application", "investor_id", "lease", "power_of_attorney", "agent_id"]
