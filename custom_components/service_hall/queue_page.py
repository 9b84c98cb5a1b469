"""The public queue page for citizens' phones, its QR code and a poster for the hall's entrance.

``/service_hall/queue/<entry_id>`` (or ``/service_hall/queue`` for the first hall) is a small
HTML page, Chinese first and English beside it, that needs no login and no JavaScript: per
service the waiting count, the estimated wait and the numbers being served, and a form that
answers how many are ahead of a ticket (``?ticket=A023``). It refreshes itself every 15 s. It is
the JSON endpoint's view (public_status.py) rendered: the same aggregates and numbers, the same
option (off by default: 404), the same cache and per-address limit.

``.../qr.svg`` is a QR code of the page's address and ``.../poster`` an A4 page with it to print for
the entrance. Both are public when the page is: they show nothing but the hall's name and the
address. The address is one the hall's owner set: Home Assistant's external URL (or its Cloud
address), else its internal URL, never an address Home Assistant detects by itself (a server's
own IP may be one no phone can reach). Without one, both refuse (503) with a page, in both
languages, that says where to set it.
"""

from __future__ import annotations

from datetime import datetime
from html import escape
from http import HTTPStatus
from typing import Any

from aiohttp import web

from homeassistant.core import HomeAssistant
from homeassistant.helpers.http import KEY_HASS, HomeAssistantView
from homeassistant.helpers.network import NoURLAvailableError, get_url
from homeassistant.util import dt as dt_util
from homeassistant.util.network import normalize_url

from .coordinator import HallCoordinator
from .public_status import MESSAGES, CachedPublicView, public_hall, public_view, ticket_view
from .qr_code import encode

PAGE_URL = "/service_hall/queue"
REFRESH_S = 15

STYLE = """
body { font-family: system-ui, "PingFang SC", "Noto Sans CJK SC", sans-serif; margin: 0; padding: 12px;
       background: #f5f5f5; color: #212121; font-size: 15px; word-break: keep-all; overflow-wrap: break-word; }
h1 { font-size: 1.5em; margin: 0 0 4px; }
.en { color: #616161; font-size: 0.8em; margin-left: 0.3em; }
td .en, th .en { display: block; margin-left: 0; }
.meta { color: #616161; margin-bottom: 16px; }
.open { color: #2e7d32; } .closed { color: #c62828; }
table { width: 100%; border-collapse: collapse; background: #fff; border-radius: 8px; }
th, td { padding: 8px 6px; border-bottom: 1px solid #e0e0e0; text-align: left; vertical-align: top; }
th { font-weight: 500; color: #616161; font-size: 0.9em; }
/* Chinese words stay whole (keep-all breaks at punctuation, never "港/澳台"); a word longer
   than a phone's line still wraps (break-word) rather than widening the page */
td.n { text-align: right; font-variant-numeric: tabular-nums; white-space: nowrap; }
form { margin: 16px 0; display: flex; gap: 8px; }
input { flex: 1; min-width: 0; font-size: 1.2em; padding: 8px; text-transform: uppercase; }
button { font-size: 1em; padding: 4px 14px; }
button .en { display: block; margin-left: 0; }
td.serving { word-break: break-word; }
.answer { background: #fff; border-left: 4px solid #1976d2; padding: 12px; margin: 16px 0; font-size: 1.2em; }
.answer.bad { border-color: #c62828; }
"""


def _pair(zh: str, en: str) -> str:
    return f'{escape(zh)}<span class="en">{escape(en)}</span>'


def _minutes(estimate: dict[str, float] | None) -> str:
    """An estimate as a range of whole minutes ("9–16"), as the kiosk prints it."""
    if not estimate:
        return "—"
    low = int(estimate["low"])
    return f"{low}–{max(low + 1, round(estimate['high'] + 0.499))}"


def _wait(estimate: dict[str, float] | None) -> str:
    minutes = _minutes(estimate)
    return minutes if minutes == "—" else _pair(f"约 {minutes} 分钟", f"{minutes} min")


def _page(title: str, body: str, *, refresh: bool) -> bytes:
    head = f'<meta http-equiv="refresh" content="{REFRESH_S}">' if refresh else ""
    return (
        '<!DOCTYPE html><html lang="zh-Hans"><head><meta charset="utf-8">'
        '<meta name="viewport" content="width=device-width, initial-scale=1">'
        f"{head}<title>{escape(title)}</title><style>{STYLE}</style></head><body>{body}</body></html>"
    ).encode()


def _ticket_html(ticket: dict[str, Any] | None, error: str | None) -> str:
    if error is not None:
        message = MESSAGES[error]
        return f'<div class="answer bad">{_pair(message["zh-Hans"], message["en"])}</div>'
    if ticket is None:
        return ""
    number = escape(ticket["ticket"])
    if ticket["window"] is not None and ticket["state"] in ("called", "serving"):
        window = ticket["window"]
        text = _pair(f"{number} 请到 {window} 号窗口", f"{number}: please go to window {window}")
    elif ticket["state"] == "waiting":
        ahead = ticket["people_ahead"]
        text = _pair(f"{number} 前面还有 {ahead} 人", f"{ahead} ahead of {number}")
        text += f"<br>{_pair('预计等候', 'Estimated wait')}: {_wait(ticket['estimated_wait'])}"
    else:
        text = _pair(f"{number} 已不在排队中", f"{number} is no longer in the queue")
    return f'<div class="answer" data-ticket="{number}">{text}</div>'


def queue_html(
    coordinator: HallCoordinator,
    now: datetime,
    *,
    ticket: dict[str, Any] | None = None,
    error: str | None = None,
) -> bytes:
    """The page: the public view (aggregates and numbers only), and a ticket's answer when asked."""
    view = public_view(coordinator, now)
    rows = "".join(
        f'<tr data-service="{escape(sid)}"><td>{_pair(s["name"]["zh-Hans"], s["name"]["en"])}</td>'
        f'<td class="n waiting">{s["waiting"]}</td><td class="n wait">{_minutes(s["estimated_wait"])}</td>'
        f'<td class="serving">{escape(" ".join(s["serving"])) or "—"}</td></tr>'
        for sid, s in view["services"].items()
    )
    state = _pair("正在办理", "Open") if view["open"] else _pair("暂停取号", "Closed")
    updated = dt_util.as_local(now).strftime("%H:%M:%S")
    body = (
        f"<h1>{escape(view['hall'])}</h1>"
        f'<div class="meta"><span class="{"open" if view["open"] else "closed"}">{state}</span> · '
        f"{_pair('更新于', 'updated')} {updated}</div>"
        f'<form method="get"><input name="ticket" maxlength="8" placeholder="A023" autocomplete="off" '
        f'aria-label="票号 Ticket"><button>{_pair("查询", "Look up")}</button></form>'
        f"{_ticket_html(ticket, error)}"
        f"<table><tr><th>{_pair('业务', 'Service')}</th><th>{_pair('等候', 'Waiting')}</th>"
        f"<th>{_pair('预计分钟', 'Wait, min')}</th><th>{_pair('办理中', 'Serving')}</th></tr>{rows}</table>"
    )
    return _page(f"{view['hall']} · 排队情况 Queue", body, refresh=True)


class QueuePageView(CachedPublicView):
    """The queue page (HTML), when the hall's option is on."""

    url = f"{PAGE_URL}/{{entry_id}}"
    extra_urls = [PAGE_URL]
    name = "service_hall:queue"
    content_type = "text/html"

    def build(self, coordinator: HallCoordinator, ticket: str | None, now: datetime) -> tuple[int, bytes]:
        if ticket is None:
            return HTTPStatus.OK, queue_html(coordinator, now)
        view = ticket_view(coordinator, ticket, now)
        if view is None:
            return HTTPStatus.NOT_FOUND, queue_html(coordinator, now, error="unknown_ticket")
        return HTTPStatus.OK, queue_html(coordinator, now, ticket=view["ticket"])

    def refusal(self, error: str) -> bytes:
        message = MESSAGES[error]
        return _page("排队情况 Queue", f"<p>{_pair(message['zh-Hans'], message['en'])}</p>", refresh=False)


NO_ADDRESS = {
    "zh-Hans": "尚未设置本大厅的网址，无法生成二维码。请在 设置 → 系统 → 网络 中填写"
    "“互联网访问”或“局域网访问”地址（市民手机能打开的地址），然后刷新本页。",
    "en": "The hall's address is not set, so there is no QR code to print. Set the Internet or "
    "local network address (one that citizens' phones can open) in Settings → System → Network, "
    "then reload this page.",
}


def configured_base(hass: HomeAssistant) -> str | None:
    """The hall's address as its owner set it: the external URL (or Cloud), else the internal one.

    Not ``get_url``'s fallback to the detected local IP (``allow_ip`` would also refuse an internal
    URL the owner set as an IP, which is fine), nor the request's host (a poster printed from
    localhost would point every phone at itself)."""
    try:
        return get_url(hass, allow_internal=False, allow_ip=True)
    except NoURLAvailableError:
        pass
    if hass.config.internal_url:
        return normalize_url(hass.config.internal_url)
    return None


def page_address(hass: HomeAssistant, entry_id: str) -> str | None:
    """The page's absolute address, or None when the hall's owner set no address."""
    if (base := configured_base(hass)) is None:
        return None
    return f"{base.rstrip('/')}{PAGE_URL}/{entry_id}"


def no_address_page() -> bytes:
    """What the poster and the QR code answer without an address: where to set one."""
    body = f"<h1>{_pair('无法打印排队二维码', 'No queue QR code to print')}</h1><p>{_pair(NO_ADDRESS['zh-Hans'], NO_ADDRESS['en'])}</p>"
    return _page("排队二维码 Queue QR code", body, refresh=False)


def qr_svg(text: str) -> bytes:
    """A QR code of the text as SVG (executor: it computes the code)."""
    return encode(text).svg()


class _EntrancePart(HomeAssistantView):
    """A public part of the entrance's QR (the code, the poster), when the page is public."""

    requires_auth = False

    def __init__(self) -> None:
        self._svg: dict[str, tuple[str, bytes]] = {}  # entry id -> (address, code)

    async def _hall(
        self, request: web.Request, entry_id: str | None
    ) -> tuple[HallCoordinator, str] | web.Response:
        """The hall and its page's address, or the refusal: 404 (no such public hall), 503 (no address)."""
        hass = request.app[KEY_HASS]
        if (coordinator := public_hall(hass, entry_id)) is None:
            return web.Response(status=HTTPStatus.NOT_FOUND)
        address = page_address(hass, coordinator.entry.entry_id)
        if address is None:
            return web.Response(
                status=HTTPStatus.SERVICE_UNAVAILABLE,
                body=no_address_page(),
                content_type="text/html",
                headers={"Cache-Control": "no-store"},
            )
        return coordinator, address

    async def svg(self, hass: HomeAssistant, entry_id: str, address: str) -> bytes:
        cached = self._svg.get(entry_id)
        if cached is None or cached[0] != address:
            cached = (address, await hass.async_add_executor_job(qr_svg, address))
            self._svg[entry_id] = cached
        return cached[1]


class QueueQrView(_EntrancePart):
    """The QR code of the queue page."""

    url = f"{PAGE_URL}/{{entry_id}}/qr.svg"
    extra_urls = [f"{PAGE_URL}/qr.svg"]
    name = "service_hall:queue:qr"

    async def get(self, request: web.Request, entry_id: str | None = None) -> web.Response:
        found = await self._hall(request, entry_id)
        if isinstance(found, web.Response):
            return found
        coordinator, address = found
        body = await self.svg(request.app[KEY_HASS], coordinator.entry.entry_id, address)
        return web.Response(body=body, content_type="image/svg+xml", headers={"Cache-Control": "max-age=300"})


class QueuePosterView(_EntrancePart):
    """An A4 poster for the entrance: the hall's name, the QR code and the address."""

    url = f"{PAGE_URL}/{{entry_id}}/poster"
    extra_urls = [f"{PAGE_URL}/poster"]
    name = "service_hall:queue:poster"

    async def get(self, request: web.Request, entry_id: str | None = None) -> web.Response:
        found = await self._hall(request, entry_id)
        if isinstance(found, web.Response):
            return found
        coordinator, address = found
        entry_id = coordinator.entry.entry_id
        body = (
            '<div class="poster">'
            f"<h1>{escape(coordinator.entry.title)}</h1>"
            f"<h2>{_pair('扫码查看排队情况', 'Scan to see the queue')}</h2>"
            f'<img src="{PAGE_URL}/{escape(entry_id)}/qr.svg" alt="QR">'
            f"<p>{_pair('等候人数、预计等候时间、前面还有几人', 'People waiting, the estimated wait, people ahead of you')}</p>"
            f'<p class="url">{escape(address)}</p></div>'
        )
        style = (
            "@page { size: A4; margin: 20mm; } .poster { text-align: center; } "
            ".poster h1 { font-size: 2.4em; } .poster img { width: 120mm; height: 120mm; } "
            ".poster .url { font-family: monospace; }"
        )
        page = _page(
            f"{coordinator.entry.title} · 排队二维码", f"<style>{style}</style>{body}", refresh=False
        )
        return web.Response(body=page, content_type="text/html", headers={"Cache-Control": "no-store"})


def async_register_queue_page(hass: HomeAssistant) -> None:
    """Serve the page, its QR code and the poster (once, for every hall)."""
    for view in (QueuePageView(), QueueQrView(), QueuePosterView()):
        hass.http.register_view(view)
