/*
 * Service Hall cards for Home Assistant's Lovelace dashboards (no build step: plain ES module).
 *
 *   service-hall-board-card     big screen: calls, windows, waits, warnings, appointments
 *   service-hall-window-card    window tablet: officer, current number, window keys, rating
 *   service-hall-kiosk-card     kiosk: take a ticket, check in an appointment
 *   service-hall-alerts-card    supervisor: today's alerts with acknowledge buttons
 *   service-hall-staff-card     supervisor: staff records of the day
 *   service-hall-figures-card   supervisor: today's figures
 *   service-hall-staffing-card  supervisor: windows needed per group of services, and who could help
 *   service-hall-appointments-card  supervisor: the day's appointments and where each stands
 *
 * Every card subscribes to `service_hall/subscribe` (one live view of the hall, pushed after
 * each change) and calls the integration's actions. Colours come from the theme's variables,
 * so the cards follow light and dark themes.
 */

const CARD_VERSION = "0.1.0";
const DOMAIN = "service_hall";

// Labels: Chinese first, English second (both are shown on public screens).
const TEXT = {
  now_calling: ["正在呼叫", "Now calling"],
  please_go: ["请到", "Please go to"],
  window_n: ["{n} 号窗口", "window {n}"],
  recent_calls: ["最近呼叫", "Recent calls"],
  windows: ["窗口", "Windows"],
  services: ["业务", "Services"],
  waiting: ["等候", "Waiting"],
  estimated: ["预计", "Est. wait"],
  minutes: ["分钟", "min"],
  people: ["人", ""],
  warnings: ["等候提醒", "Long waits"],
  no_warnings: ["各业务等候正常", "All waits within target"],
  appointments: ["今日预约", "Today's appointments"],
  no_appointments: ["今日暂无预约", "No appointments today"],
  no_calls: ["暂无呼叫", "No calls yet"],
  hall_closed: ["暂停取号", "Closed"],
  hall_open: ["正在办理", "Open"],
  longest: ["最长等候", "longest wait"],
  longest_short: ["已等", "Longest"],
  target: ["目标", "target"],
  recall: ["重呼", "recall"],
  officer: ["工作人员", "Officer"],
  staff_number: ["工号", "Staff no."],
  department: ["部门", "Department"],
  no_officer: ["暂无工作人员签到", "No officer signed in"],
  current: ["当前号码", "Current number"],
  none: ["—", "—"],
  call_next: ["呼叫下一位", "Call next"],
  recall_btn: ["重复呼叫", "Recall"],
  start: ["开始办理", "Start service"],
  complete: ["办理完成", "Complete"],
  no_show: ["未到", "No-show"],
  pause: ["暂停服务", "Pause"],
  resume: ["恢复服务", "Resume"],
  open_window: ["开启窗口", "Open window"],
  rate_title: ["请您对本次服务进行评价", "Please rate our service"],
  thanks: ["感谢您的评价", "Thank you for your rating"],
  take_ticket: ["请选择办理业务", "Choose a service"],
  check_in: ["预约签到", "Appointment check-in"],
  your_ticket: ["您的号码", "Your number"],
  ahead: ["前面还有", "People ahead"],
  wait_range: ["预计等候", "Estimated wait"],
  watch_screen: ["请留意大屏叫号", "Please watch the screen for your number"],
  done: ["完成", "Done"],
  back: ["返回", "Back"],
  enter_code: ["请输入 6 位预约码", "Enter your 6-digit appointment code"],
  submit: ["签到", "Check in"],
  clear: ["清除", "Clear"],
  no_window: ["暂无窗口办理", "No window open"],
  returning: ["秒后返回首页", "s until the start screen"],
  alerts: ["今日告警", "Today's alerts"],
  no_alerts: ["今日暂无告警", "No alerts today"],
  acknowledge: ["确认", "Acknowledge"],
  acknowledged: ["已确认", "Acknowledged"],
  staff_records: ["人员记录", "Staff records"],
  served: ["已办", "Served"],
  satisfaction: ["满意度", "Satisfaction"],
  away_minutes: ["离岗分钟", "Away min"],
  phone_episodes: ["用手机次数", "Phone"],
  alerts_n: ["告警", "Alerts"],
  figures: ["今日概况", "Today"],
  issued: ["取号", "Issued"],
  mean_wait: ["平均等候", "Mean wait"],
  p90_wait: ["90% 等候", "90th pct wait"],
  no_shows: ["过号", "No-shows"],
  unacknowledged: ["未确认告警", "Open alerts"],
  loading: ["正在连接…", "Connecting…"],
  not_found: ["未找到服务大厅", "No service hall found"],
  state: ["状态", "State"],
  staffing: ["窗口调配建议", "Staffing advice"],
  group: ["事项组", "Services"],
  arrivals_h: ["每小时取号", "Arrivals/h"],
  handling_min: ["办理（分钟）", "Handling (min)"],
  needed: ["需要窗口", "Windows needed"],
  open_now: ["在开", "Open"],
  expected_wait: ["预计平均等候", "Expected mean wait"],
  could_help: ["可调配窗口", "Could help"],
  enough: ["窗口充足", "Enough windows"],
  short_by: ["缺 {n} 个", "{n} short"],
  demo_speed: ["演示快进 ×{x}：时长与等候不代表真实大厅", "Demo at {x}× speed"],
  // the open windows cannot keep up: the queue grows without end (no mean wait to show)
  overloaded: ["超负荷", "overloaded"],
  no_groups: ["暂无建议", "No advice yet"],
  estimate_error: ["预计误差（分钟）", "Estimate error (min)"],
  checklist: ["请准备以下材料", "Please bring these documents"],
  checklist_window: ["群众材料清单", "The citizen's checklist"],
  no_checklist: ["未做材料答题", "No materials questionnaire answered"],
  take_this_ticket: ["确认取号", "Take a ticket"],
  question_n: ["第 {n} 题", "Question {n}"],
  previous: ["上一题", "Previous"],
  late_walk_in: ["您已超过预约时段，已按现场取号排队", "Your slot has passed: you queue as a walk-in"],
  slot: ["时段", "Slot"],
  status: ["状态", "Status"],
  ticket: ["票号", "Ticket"],
  service: ["业务", "Service"],
};

const FORM = {
  original: ["原件", "original"],
  copy: ["复印件", "copy"],
  original_and_copy: ["原件及复印件", "original and copy"],
};

/** A materials condition (a list of alternatives, each question -> options) against answers. */
function holds(when, answers) {
  if (!when) return true;
  return when.some((alt) => Object.entries(alt).every(([q, options]) => options.includes(answers[q])));
}

/** The checklist's documents as list items, in one language or both. */
function documentsHtml(documents, lang) {
  const text = (pair) => (lang ? one(pair, lang) : both(pair, {}, "span"));
  const pick = (t) => [t["zh-Hans"], t.en];
  return `<ol class="documents">${documents
    .map((d) => {
      const copies = d.copies > 1 ? [`${d.copies} 份`, `${d.copies} copies`] : null;
      const form = [FORM[d.form][0] + (copies ? ` · ${copies[0]}` : ""), FORM[d.form][1] + (copies ? `, ${copies[1]}` : "")];
      return `<li data-document="${esc(d.id)}"><span class="doc inline">${text(pick(d.text))}</span>
        <span class="form inline muted">${text(form)}</span>${d.note ? `<span class="note inline muted">${text(pick(d.note))}</span>` : ""}</li>`;
    })
    .join("")}</ol>`;
}

const STATUS = {
  closed: ["已关闭", "Closed"],
  idle: ["空闲", "Idle"],
  calling: ["呼叫中", "Calling"],
  serving: ["办理中", "Serving"],
  paused: ["暂停", "Paused"],
};

const STAFF_STATE = {
  present: ["在岗", "At seat"],
  away: ["离岗", "Away"],
  phone: ["使用手机", "On the phone"],
  paused: ["暂停", "Paused"],
  signed_out: ["未签到", "Signed out"],
  unknown: ["未知", "Unknown"],
};

const ALERT_KIND = { away: ["离岗", "Away from seat"], phone: ["使用手机", "Phone use"] };

const APPOINTMENT_STATUS = {
  booked: ["待签到", "Booked"],
  checked_in: ["已签到", "Checked in"],
  serving: ["办理中", "Being served"],
  done: ["已办结", "Done"],
  no_show: ["过号", "No-show"],
  cancelled: ["已取消", "Cancelled"],
  expired: ["已过期", "Expired"],
  missed: ["未到", "Missed"],
};

const RATINGS = [
  [5, "非常满意", "Very satisfied"],
  [4, "满意", "Satisfied"],
  [3, "基本满意", "Fair"],
  [2, "不满意", "Dissatisfied"],
  [1, "非常不满意", "Very dissatisfied"],
];

function esc(value) {
  return String(value ?? "").replace(
    /[&<>"']/g,
    (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" })[c],
  );
}

/** A text with its {placeholders} filled; a missing or non-finite value leaves "{key}" for the
 * dashboard tests to find (an empty slot would read "缺  个" and pass unseen). */
function fill(text, values) {
  return text.replace(/\{(\w+)\}/g, (whole, key) => {
    const value = values[key];
    if (value === undefined || value === null || (typeof value === "number" && !Number.isFinite(value))) return whole;
    return String(value);
  });
}

/** A figure to show: rounded to ``digits`` decimals, "—" when there is none (null, missing, NaN). */
function num(value, digits = 0) {
  if (typeof value !== "number" || !Number.isFinite(value)) return "—";
  const scale = 10 ** digits;
  return String(Math.round(value * scale) / scale);
}

/** A duration in seconds as people say it: "45 秒", "1 分 30 秒", "20 分钟", "1 小时 5 分钟".
 * The same rule as hall/durations.py and the blueprints' macro (tests/test_cards_js.py compares). */
function durationText(seconds, lang) {
  if (typeof seconds !== "number" || !Number.isFinite(seconds)) return "—";
  const zh = lang !== "en";
  const n = Math.floor(Math.max(seconds, 0) + 0.5);
  if (n < 60) return `${n} ${zh ? "秒" : "s"}`;
  if (n < 3600) {
    const m = Math.floor(n / 60);
    const s = n % 60;
    return s === 0 ? `${m} ${zh ? "分钟" : "min"}` : `${m} ${zh ? "分" : "min"} ${s} ${zh ? "秒" : "s"}`;
  }
  const total = Math.floor((n + 30) / 60);
  const h = Math.floor(total / 60);
  const m = total % 60;
  return m === 0 ? `${h} ${zh ? "小时" : "h"}` : `${h} ${zh ? "小时" : "h"} ${m} ${zh ? "分钟" : "min"}`;
}

/** A label in both languages: Chinese, then English in a smaller line. */
function both(pair, values = {}, tag = "span") {
  const [zh, en] = pair;
  return `<${tag} class="zh">${esc(fill(zh, values))}</${tag}>${
    en ? `<${tag} class="en">${esc(fill(en, values))}</${tag}>` : ""
  }`;
}

/** A label in one language (the user's, zh-Hans unless it is English). */
function one(pair, lang, values = {}) {
  return esc(fill(lang === "en" ? pair[1] || pair[0] : pair[0], values));
}

/** Hours and minutes of an instant in the hall's time zone (the screen's browser may be in UTC). */
function clock(iso, timeZone, withSeconds = false) {
  if (!iso) return "";
  const options = { hour: "2-digit", minute: "2-digit", hourCycle: "h23" };
  if (withSeconds) options.second = "2-digit";
  try {
    return new Intl.DateTimeFormat("en-GB", { ...options, timeZone }).format(new Date(iso));
  } catch (_err) {
    return new Intl.DateTimeFormat("en-GB", options).format(new Date(iso));
  }
}

function today(timeZone) {
  try {
    return new Intl.DateTimeFormat("sv-SE", { timeZone }).format(new Date());
  } catch (_err) {
    return new Intl.DateTimeFormat("sv-SE").format(new Date());
  }
}

function waitText(estimate, lang) {
  if (!estimate || !Number.isFinite(estimate.point)) return "—";
  const unit = lang === "en" ? " min" : " 分钟";
  return `${Math.round(estimate.point)}${unit}`;
}

function rangeText(estimate, lang) {
  if (!estimate || !Number.isFinite(estimate.low) || !Number.isFinite(estimate.high)) return "—";
  const low = Math.floor(estimate.low);
  const high = Math.max(low + 1, Math.ceil(estimate.high));
  return `${low}–${high}${lang === "en" ? " min" : " 分钟"}`;
}

function serviceName(view, id, lang) {
  const service = view.services.find((s) => s.id === id);
  if (!service) return id || "";
  return lang === "en" ? service.name.en : service.name["zh-Hans"];
}

// The integration's translated error messages, fetched once per language.
const exceptionTexts = {};

function loadExceptions(hass, language) {
  if (!exceptionTexts[language]) {
    exceptionTexts[language] = hass
      .callWS({ type: "frontend/get_translations", language, category: "exceptions", integration: [DOMAIN] })
      .then((answer) => answer.resources || {})
      .catch(() => ({}));
  }
  return exceptionTexts[language];
}

/** An action's refusal in both languages ([zh, en]), from its translation key when it has one. */
async function errorTexts(hass, err) {
  const fallback = (err && err.message) || String(err);
  if (!err || !err.translation_key) return [fallback, ""];
  const key = `component.${err.translation_domain || DOMAIN}.exceptions.${err.translation_key}.message`;
  const [zh, en] = await Promise.all([loadExceptions(hass, "zh-Hans"), loadExceptions(hass, "en")]);
  const values = err.translation_placeholders || {};
  return [fill(zh[key] || en[key] || fallback, values), en[key] ? fill(en[key], values) : ""];
}

const BASE_STYLE = `
  :host { display: block; }
  /* keep-all: Chinese labels break between words (at spaces and punctuation), never "满/意/度" */
  ha-card { height: 100%; box-sizing: border-box; overflow: hidden; word-break: keep-all; }
  /* the cards are sized in this line height, not in the one Home Assistant passes on (1.6 since 2026) */
  ha-card { line-height: normal; }
  .zh { display: block; line-height: 1.2; }
  .en { display: block; font-size: 0.55em; line-height: 1.3; opacity: 0.75; }
  .inline .zh, .inline .en { display: inline; }
  .inline .en { margin-left: 0.4em; }
  .muted { color: var(--secondary-text-color); }
  /* the demo's fast-forward notice (speed_entity): one line, over nothing the screen needs */
  .speed-notice { white-space: nowrap; border-radius: 8px; padding: 4px 12px; font-size: 18px; font-weight: 600;
                  color: var(--text-primary-color, #fff); background: var(--warning-color, #ffa600); }
  .speed-notice.corner { position: absolute; top: 4px; right: 8px; z-index: 2; pointer-events: none; }
  ha-card { position: relative; }
  .error { color: var(--error-color, #db4437); padding: 12px 16px; }
  .chip { display: inline-block; border-radius: 999px; padding: 0.1em 0.7em; font-weight: 600; white-space: nowrap;
          color: var(--text-primary-color, #fff); background: var(--disabled-color, #888); }
  .state-present, .status-serving { background: var(--success-color, #43a047); }
  .status-calling { background: var(--info-color, #039be5); }
  .state-away { background: var(--error-color, #db4437); }
  .state-phone { background: var(--warning-color, #ffa600); }
  .state-paused, .status-paused { background: var(--state-icon-color, #44739e); }
  .status-idle { background: var(--primary-color, #03a9f4); }
  button { font: inherit; cursor: pointer; border: none; border-radius: 12px; }
  button:disabled { opacity: 0.4; cursor: default; }
  .loading { padding: 24px; font-size: 1.4em; }
`;

/** Shared plumbing: configuration, the live subscription, errors and rendering. */
class HallCard extends HTMLElement {
  constructor() {
    super();
    this.attachShadow({ mode: "open" });
    this._view = null;
    this._error = null;
    this._unsub = null;
    this._connected = false;
    this.shadowRoot.addEventListener("click", (ev) => this._onClick(ev));
  }

  setConfig(config) {
    if (!config || typeof config !== "object") throw new Error("Invalid configuration");
    this.validate(config);
    this._config = { ...this.defaults(), ...config };
    this._render();
  }

  defaults() {
    return {};
  }

  validate(_config) {}

  set hass(hass) {
    const reconnect = this._hass && this._hass.connection !== hass.connection;
    const speed = this._config?.speed_entity;
    const speedChanged = speed && this._hass?.states?.[speed] !== hass.states?.[speed];
    this._hass = hass;
    if (reconnect) this._unsubscribe();
    this._subscribe();
    if (speedChanged && this._view) this._render();
  }

  /** The demo's notice while its day plays faster than real time: ``speed_entity`` above 1.
   * Durations and waits on such a screen are not those of a real hall. Nothing without the entity. */
  speedNotice(where = "corner") {
    const state = this._hass?.states?.[this._config?.speed_entity]?.state;
    const speed = Number(state);
    if (!Number.isFinite(speed) || speed <= 1) return "";
    const x = String(Math.round(speed * 10) / 10);
    return `<div class="speed-notice ${where}">${esc(fill(TEXT.demo_speed[0], { x }))} · ${esc(fill(TEXT.demo_speed[1], { x }))}</div>`;
  }

  get hass() {
    return this._hass;
  }

  get tz() {
    return this._hass?.config?.time_zone;
  }

  get lang() {
    // The card's own setting, else the hall's language (the officers'), else the user's.
    const language =
      this._config?.language || this._view?.language || this._hass?.locale?.language || this._hass?.language || "zh-Hans";
    return language.startsWith("en") ? "en" : "zh-Hans";
  }

  connectedCallback() {
    this._connected = true;
    this._subscribe();
  }

  disconnectedCallback() {
    this._connected = false;
    this._unsubscribe();
  }

  _subscribe() {
    if (!this._hass || !this._connected || this._unsub) return;
    const message = { type: `${DOMAIN}/subscribe` };
    if (this._config?.entry_id) message.entry_id = this._config.entry_id;
    this._unsub = this._hass.connection
      .subscribeMessage((view) => this._onView(view), message)
      .catch((err) => {
        this._unsub = null;
        this._error = err?.code === "not_found" ? "not_found" : err?.message || String(err);
        this._render();
        this._retry = setTimeout(() => this._subscribe(), 5000);
        return null;
      });
  }

  _unsubscribe() {
    clearTimeout(this._retry);
    const pending = this._unsub;
    this._unsub = null;
    if (pending) pending.then((unsub) => unsub && unsub()).catch(() => {});
  }

  _onView(view) {
    if (view.unloaded) {
      // The hall is reloading: find it again shortly.
      this._unsub = null;
      this._retry = setTimeout(() => this._subscribe(), 2000);
      return;
    }
    this._error = null;
    const previous = this._view;
    this._view = view;
    this.viewChanged(previous, view);
    this._render();
  }

  viewChanged(_previous, _view) {}

  /** Public screens show messages in Chinese and English; staff screens in one language. */
  get bilingual() {
    return false;
  }

  messageHtml() {
    return this._message ? `<div class="message">${both(this._message)}</div>` : "";
  }

  _onClick(ev) {
    const target = ev.composedPath().find((el) => el.dataset && el.dataset.action);
    if (!target || target.disabled) return;
    this.action(target.dataset.action, target.dataset, ev);
  }

  action(_name, _data, _ev) {}

  /** Call an action of the integration; answers its response (or null) and shows errors. */
  async callAction(service, data, withResponse = false) {
    const serviceData = { ...data };
    if (this._view?.entry_id) serviceData.config_entry_id = this._view.entry_id;
    try {
      this._message = null;
      if (withResponse) {
        const answer = await this._hass.callWS({
          type: "call_service",
          domain: DOMAIN,
          service,
          service_data: serviceData,
          return_response: true,
        });
        return answer.response;
      }
      await this._hass.callWS({ type: "call_service", domain: DOMAIN, service, service_data: serviceData });
      return null;
    } catch (err) {
      const [zh, en] = await errorTexts(this._hass, err);
      this._message = this.bilingual ? [zh, en] : [this.lang === "en" ? en || zh : zh, ""];
      this._render();
      throw err;
    }
  }

  _render() {
    if (!this._config) return;
    let body;
    if (this._error) {
      body = `<div class="error">${this._error === "not_found" ? both(TEXT.not_found) : esc(this._error)}</div>`;
    } else if (!this._view) {
      body = `<div class="loading">${both(TEXT.loading)}</div>`;
    } else {
      body = this.renderView(this._view);
    }
    this.shadowRoot.innerHTML = `<style>${BASE_STYLE}${this.style()}</style><ha-card>${body}</ha-card>`;
    this.afterRender();
  }

  style() {
    return "";
  }

  afterRender() {}

  renderView(_view) {
    return "";
  }

  getCardSize() {
    return 6;
  }
}

/* ------------------------------------------------------------------------------ big screen */

class BoardCard extends HallCard {
  defaults() {
    return { calls: 6, highlight_seconds: 10, fullscreen: false, appointments: 6 };
  }

  viewChanged(previous, view) {
    const latest = view.calls[0];
    const before = previous?.calls?.[0];
    // A call new since the last view is highlighted for a few seconds (not the one shown at load).
    if (previous && latest && (!before || before.at !== latest.at || before.ticket !== latest.ticket)) {
      this._highlightUntil = Date.now() + this._config.highlight_seconds * 1000;
      clearTimeout(this._highlightTimer);
      this._highlightTimer = setTimeout(() => this._render(), this._config.highlight_seconds * 1000 + 50);
    }
  }

  connectedCallback() {
    super.connectedCallback();
    this._clock = setInterval(() => {
      const el = this.shadowRoot.querySelector(".clock");
      if (el) el.textContent = this._clockText();
    }, 1000);
  }

  disconnectedCallback() {
    super.disconnectedCallback();
    clearInterval(this._clock);
  }

  _clockText() {
    return `${today(this.tz)} ${clock(new Date().toISOString(), this.tz, true)}`;
  }

  // Sized for a 1920x1080 screen with a busy hall: eight services, six windows and every
  // long-wait warning fit at once (tests/dashboards/test_screens_on_a_busy_hall.py). Labels keep
  // their Chinese words whole (keep-all) and figures never wrap.
  style() {
    return `
      ha-card { font-size: 30px; line-height: 1.15; padding: 0; word-break: keep-all; }
      :host([fullscreen]) ha-card { position: fixed; inset: 0; z-index: 10; border-radius: 0; }
      .board { display: grid; height: 100%; min-height: 1000px; box-sizing: border-box; padding: 16px 28px;
               grid-template-columns: 29fr 35fr 36fr; grid-template-rows: auto minmax(0, 1fr) auto; gap: 16px 24px; }
      header { grid-column: 1 / -1; display: flex; align-items: baseline; justify-content: space-between;
               border-bottom: 3px solid var(--primary-color); padding-bottom: 8px; }
      header .title { font-size: 46px; font-weight: 700; }
      header .title .chip { font-size: 26px; vertical-align: middle; margin-left: 16px; }
      header .clock { font-size: 40px; font-variant-numeric: tabular-nums; white-space: nowrap; }
      h2 { margin: 0 0 8px; font-size: 32px; color: var(--primary-color); }
      h2 .en { font-size: 20px; }
      section { min-height: 0; overflow: hidden; }
      .now { border-radius: 20px; padding: 14px 22px; text-align: center;
             background: var(--secondary-background-color); transition: background 0.4s; }
      /* brightness, not scale: a growing box would spill out of its section */
      .now.new { background: var(--primary-color); color: var(--text-primary-color, #fff);
                 animation: pulse 1s ease-in-out infinite alternate; }
      @keyframes pulse { from { filter: brightness(1); } to { filter: brightness(1.2); } }
      .now .ticket { font-size: 140px; font-weight: 800; letter-spacing: 4px; line-height: 1; white-space: nowrap; }
      .now .where { font-size: 46px; font-weight: 700; margin-top: 6px; }
      .now .where .en { font-size: 26px; }
      .calls { list-style: none; margin: 12px 0 0; padding: 0; }
      .calls li { display: flex; justify-content: space-between; padding: 6px 6px; font-size: 38px; white-space: nowrap;
                  border-bottom: 1px solid var(--divider-color); font-variant-numeric: tabular-nums; }
      .calls .tag { font-size: 22px; margin-left: 10px; }
      .windows { display: grid; grid-template-columns: 1fr 1fr; gap: 12px; }
      .win { border-radius: 16px; padding: 8px 14px; background: var(--secondary-background-color); min-width: 0; }
      .win .head { display: flex; justify-content: space-between; align-items: baseline; gap: 8px; font-size: 24px; }
      .win .head b { font-size: 30px; }
      .win .head .muted { text-align: right; }
      .win .ticket { font-size: 56px; font-weight: 800; margin: 2px 0; white-space: nowrap; }
      .win .who { display: flex; justify-content: space-between; align-items: center; flex-wrap: wrap; font-size: 26px; gap: 4px 8px; }
      .win .chips { white-space: nowrap; }
      .win .chip { font-size: 22px; margin-left: 6px; }
      .win.closed { opacity: 0.55; }
      table { width: 100%; border-collapse: collapse; }
      td, th { padding: 3px 4px; border-bottom: 1px solid var(--divider-color); text-align: right; }
      th { font-size: 22px; font-weight: 600; color: var(--secondary-text-color); white-space: nowrap; }
      th .en { font-size: 14px; }
      td:first-child, th:first-child { text-align: left; }
      td.name { font-size: 27px; }
      td.name .en { font-size: 15px; line-height: 1.2; }
      td.num { font-size: 34px; font-weight: 700; font-variant-numeric: tabular-nums; white-space: nowrap; padding-left: 14px; }
      td.num small { font-size: 20px; font-weight: 400; }
      tr.over td.num.wait, tr.long td.num.longest { color: var(--error-color, #db4437); }
      footer { display: contents; }
      footer .warnings { grid-column: 1 / 3; }
      .warn { list-style: none; margin: 0; padding: 0; display: grid; grid-template-columns: 1fr 1fr; gap: 2px 24px; }
      .warn li { color: var(--error-color, #db4437); font-size: 24px; padding: 2px 0; }
      .warn li .en { font-size: 15px; }
      .ok { color: var(--success-color, #43a047); font-size: 30px; }
      .appts { list-style: none; margin: 0; padding: 0; display: grid; grid-template-columns: 1fr; gap: 4px; }
      .appts li { font-size: 24px; display: flex; justify-content: space-between; align-items: center; gap: 8px; }
      .appts .chip { font-size: 18px; white-space: nowrap; flex: none; }
    `;
  }

  afterRender() {
    this.toggleAttribute("fullscreen", Boolean(this._config.fullscreen));
  }

  renderView(view) {
    const lang = "zh-Hans";
    const [latest, ...older] = view.calls;
    const fresh = latest && this._highlightUntil && Date.now() < this._highlightUntil;
    const now = latest
      ? `<div class="now ${fresh ? "new" : ""}" data-ticket="${esc(latest.ticket)}">
           ${both(TEXT.now_calling)}
           <div class="ticket">${esc(latest.ticket)}</div>
           <div class="where">${both([
             `${TEXT.please_go[0]} ${fill(TEXT.window_n[0], { n: latest.window })}`,
             `${TEXT.please_go[1]} ${fill(TEXT.window_n[1], { n: latest.window })}`,
           ])}</div>
         </div>`
      : `<div class="now">${both(TEXT.no_calls)}</div>`;
    const calls = older
      .slice(0, this._config.calls - 1)
      .map(
        (c) =>
          `<li><span>${esc(c.ticket)}${c.recall ? `<span class="tag muted">${one(TEXT.recall, lang)}</span>` : ""}</span>
               <span>${esc(fill(TEXT.window_n[0], { n: c.window }))}</span></li>`,
      )
      .join("");
    const windows = view.windows
      .map((w) => {
        const staff = w.staff ? esc(w.staff.name) : `<span class="muted">${one(TEXT.no_officer, lang)}</span>`;
        // A paused window says so once (its status), not twice.
        const known =
          w.staff && w.staff_state && !["unknown", "paused"].includes(w.staff_state) && w.status !== "closed";
        const chip = `<span class="chips">${
          known
            ? `<span class="chip state-${esc(w.staff_state)}">${esc((STAFF_STATE[w.staff_state] || [w.staff_state])[0])}</span>`
            : ""
        }<span class="chip status-${esc(w.status)}">${esc((STATUS[w.status] || [w.status])[0])}</span></span>`;
        return `<div class="win ${esc(w.status)}" data-window="${w.number}">
            <div class="head"><b>${w.number}</b><span class="muted">${esc(w.name)}</span></div>
            <div class="ticket">${esc(w.ticket || "—")}</div>
            <div class="who inline"><span>${staff}</span>${chip}</div>
          </div>`;
      })
      .join("");
    const minutes = (value) => `${num(value)}<small> ${one(TEXT.minutes, lang)}</small>`;
    const services = view.services
      .map(
        (s) => `<tr class="${s.over_target ? "over" : ""} ${s.longest_wait > s.target_wait ? "long" : ""}" data-service="${esc(s.id)}">
          <td class="name">${both([s.name["zh-Hans"], s.name.en])}</td>
          <td class="num">${num(s.waiting)}</td>
          <td class="num wait">${s.estimated_wait ? minutes(s.estimated_wait.point) : "—"}</td>
          <td class="num longest">${s.waiting ? minutes(s.longest_wait) : "—"}</td></tr>`,
      )
      .join("");
    const over = view.services.filter((s) => s.over_target);
    const warnings = over.length
      ? `<ul class="warn">${over
          .map(
            (s) =>
              `<li>${both(
                [
                  "{name}：等候超过目标 {t} 分钟（预计 {e}）",
                  "{name_en}: waits over the {t} min target (est. {e_en})",
                ],
                {
                  name: s.name["zh-Hans"],
                  name_en: s.name.en,
                  n: s.waiting,
                  e: waitText(s.estimated_wait, "zh-Hans"),
                  e_en: waitText(s.estimated_wait, "en"),
                  m: num(s.longest_wait),
                  t: s.target_wait,
                },
              )}</li>`,
          )
          .join("")}</ul>`
      : `<div class="ok">${both(TEXT.no_warnings)}</div>`;
    const appts = view.appointments.filter((a) => a.status !== "cancelled").slice(0, this._config.appointments);
    const appointments = appts.length
      ? `<ul class="appts">${appts
          .map(
            (a) => `<li><span>${esc(clock(a.start, this.tz))} ${esc(serviceName(view, a.service, lang))}</span>
              <span class="chip ${a.status === "checked_in" || a.status === "serving" ? "state-present" : ""}">${esc(
                (APPOINTMENT_STATUS[a.status] || [a.status])[0],
              )}</span></li>`,
          )
          .join("")}</ul>`
      : `<div class="muted">${both(TEXT.no_appointments)}</div>`;
    return `<div class="board">
      <header><div class="title">${esc(this._config.title || view.hall)}
          <span class="chip ${view.open ? "state-present" : ""} inline">${both(view.open ? TEXT.hall_open : TEXT.hall_closed)}</span></div>
        ${this.speedNotice("header")}<div class="clock">${this._clockText()}</div></header>
      <section class="calling">${now}<ul class="calls">${calls}</ul></section>
      <section><h2 class="inline">${both(TEXT.windows)}</h2><div class="windows">${windows}</div></section>
      <section><h2 class="inline">${both(TEXT.services)}</h2>
        <table><tr><th></th><th>${both(TEXT.waiting)}</th><th>${both(TEXT.estimated)}</th><th>${both(TEXT.longest_short)}</th></tr>${services}</table></section>
      <footer>
        <section class="warnings"><h2 class="inline">${both(TEXT.warnings)}</h2>${warnings}</section>
        <section><h2 class="inline">${both(TEXT.appointments)}</h2>${appointments}</section>
      </footer>
    </div>`;
  }

  getCardSize() {
    return 20;
  }
}

/* ---------------------------------------------------------------------------- window tablet */

class WindowCard extends HallCard {
  validate(config) {
    if (!Number.isInteger(Number(config.window)) || Number(config.window) < 1) {
      throw new Error("service-hall-window-card: 'window' must be a window number (1, 2, ...)");
    }
  }

  defaults() {
    return { pause_reason: "break" };
  }

  get number() {
    return Number(this._config.window);
  }

  // The checklist the citizen saw at the kiosk, fetched when the window's ticket changes.
  viewChanged(_previous, view) {
    const ticket = view.windows.find((x) => x.number === this.number)?.ticket || null;
    if (ticket === this._checklistFor) return;
    this._checklistFor = ticket;
    this._checklist = null;
    if (!ticket) return;
    const data = { ticket };
    if (view.entry_id) data.config_entry_id = view.entry_id;
    this._hass
      .callWS({ type: "call_service", domain: DOMAIN, service: "get_checklist", service_data: data, return_response: true })
      .then((answer) => {
        if (this._checklistFor !== ticket) return;
        this._checklist = answer.response;
        this._render();
      })
      .catch(() => {});
  }

  checklistHtml(lang) {
    const c = this._checklist;
    if (!c || !this._checklistFor) return "";
    if (!c.documents) return `<div class="checklist muted">${one(TEXT.no_checklist, lang)}</div>`;
    return `<div class="checklist"><div class="muted">${one(TEXT.checklist_window, lang)}</div>${documentsHtml(c.documents, lang)}</div>`;
  }

  // Sized for an 800x1280 portrait tablet: the officer, a ticket, the citizen's checklist, the
  // keys and the previous citizen's rating all fit at once (test_screens_on_a_busy_hall.py).
  style() {
    return `
      ha-card { padding: 16px 20px; font-size: 22px; }
      .officer { display: flex; gap: 18px; align-items: center; padding-bottom: 12px;
                 border-bottom: 1px solid var(--divider-color); }
      .photo { width: 112px; height: 140px; border-radius: 12px; object-fit: cover; flex: none;
               background: var(--secondary-background-color); }
      .officer .name { font-size: 38px; font-weight: 700; }
      .officer dl { margin: 8px 0 0; display: grid; grid-template-columns: auto 1fr; gap: 4px 14px; line-height: 1.35; }
      .officer dt { color: var(--secondary-text-color); white-space: nowrap; }
      .officer dd { margin: 0; }
      .title { display: flex; justify-content: space-between; align-items: baseline; gap: 12px; margin-bottom: 10px; }
      .title b { font-size: 28px; }
      .current { text-align: center; padding: 8px 0; }
      .current .ticket { font-size: 112px; font-weight: 800; line-height: 1.05; }
      .current .service { font-size: 26px; min-height: 1.2em; }
      .current .ticket.empty { font-weight: 300; color: var(--secondary-text-color); }
      .keys { display: grid; grid-template-columns: repeat(4, 1fr); gap: 12px; margin-top: 6px; }
      .keys button { min-height: 88px; font-size: 30px; padding: 4px; background: var(--secondary-background-color);
                     color: var(--primary-text-color); }
      .keys button.primary { grid-column: 1 / -1; min-height: 112px; font-size: 46px;
                             background: var(--primary-color); color: var(--text-primary-color, #fff); }
      .keys button .en { font-size: 17px; }
      .keys button.wide { grid-column: 1 / -1; min-height: 64px; }
      .queue { margin-top: 12px; font-size: 24px; color: var(--secondary-text-color); }
      .rating { margin-top: 12px; padding: 12px; border-radius: 16px; text-align: center;
                background: var(--secondary-background-color); }
      .rating .ask { font-size: 28px; margin-bottom: 8px; }
      .rating .grades { display: grid; grid-template-columns: repeat(5, 1fr); gap: 10px; }
      .rating button { min-height: 92px; font-size: 22px; padding: 6px; background: var(--card-background-color);
                       color: var(--primary-text-color); border: 2px solid var(--divider-color); }
      .rating button .star { display: block; font-size: 26px; color: var(--warning-color, #ffa600); }
      .thanks { font-size: 30px; color: var(--success-color, #43a047); }
      .message { margin-top: 12px; color: var(--error-color, #db4437); }
      .checklist { margin: 0 0 12px; padding: 10px 16px; border-radius: 12px; background: var(--secondary-background-color); }
      .documents { margin: 6px 0 0; padding-left: 1.4em; font-size: 21px; }
      .documents li { padding: 2px 0; }
      .documents .form, .documents .note { margin-left: 0.5em; font-size: 17px; }
    `;
  }

  action(name, data) {
    const window = this.number;
    const calls = {
      call_next: ["call_next", { window }],
      recall: ["recall", { window }],
      start: ["start", { window }],
      complete: ["complete", { window }],
      no_show: ["mark_no_show", { window }],
      pause: ["pause_window", { window, reason: this._config.pause_reason }],
      resume: ["resume_window", { window }],
      open: ["open_window", { window }],
    };
    if (name === "rate") {
      this._thanked = data.ticket;
      this.callAction("rate", { ticket: data.ticket, grade: Number(data.grade) }).catch(() => {
        this._thanked = null;
      });
      this._render();
      return;
    }
    if (calls[name]) this.callAction(...calls[name]).catch(() => {});
  }

  renderView(view) {
    const lang = this.lang;
    const w = view.windows.find((x) => x.number === this.number);
    if (!w) return `<div class="error">${esc(`Window ${this.number} is not in this hall`)}</div>`;
    const staff = w.staff;
    const officer = staff
      ? `<div class="officer">
          ${staff.photo ? `<img class="photo" src="${esc(staff.photo)}" alt="">` : `<div class="photo"></div>`}
          <div><div class="name">${esc(staff.name)}</div>
            <dl><dt>${one(TEXT.staff_number, lang)}</dt><dd class="staff-number">${esc(staff.staff_number)}</dd>
                <dt>${one(TEXT.department, lang)}</dt><dd>${esc(staff.department)}</dd>
                <dt>${one(TEXT.state, lang)}</dt><dd><span class="chip state-${esc(w.staff_state || "unknown")}">${one(
                  STAFF_STATE[w.staff_state] || STAFF_STATE.unknown,
                  lang,
                )}</span></dd></dl></div></div>`
      : `<div class="officer"><div class="photo"></div><div class="muted">${one(TEXT.no_officer, lang)}</div></div>`;
    const hasTicket = Boolean(w.ticket);
    const open = w.status !== "closed";
    const paused = w.status === "paused";
    const key = (action, label, { primary = false, wide = false, disabled = false } = {}) =>
      `<button data-action="${action}" class="${primary ? "primary" : ""} ${wide ? "wide" : ""}" ${
        disabled ? "disabled" : ""
      }>${both(label)}</button>`;
    // A called citizen is started (arrived) or marked no-show before the next call; calling
    // next while serving completes the service under way.
    const called = w.ticket_state === "called";
    const keys = open
      ? `${key("call_next", TEXT.call_next, { primary: true, disabled: paused || called })}
         ${key("start", TEXT.start, { disabled: !called })}
         ${key("recall", TEXT.recall_btn, { disabled: !called })}
         ${key("complete", TEXT.complete, { disabled: !hasTicket })}
         ${key("no_show", TEXT.no_show, { disabled: !called })}
         ${paused ? key("resume", TEXT.resume, { wide: true }) : key("pause", TEXT.pause, { wide: true })}`
      : key("open", TEXT.open_window, { primary: true });
    const waiting = view.services
      .filter((s) => w.services.includes(s.id))
      .reduce((sum, s) => sum + s.waiting, 0);
    let rating = "";
    if (this._thanked && this._thanked !== w.to_rate) {
      rating = `<div class="rating"><div class="thanks">${both(TEXT.thanks)}</div></div>`;
    } else if (w.to_rate) {
      rating = `<div class="rating"><div class="ask">${both(TEXT.rate_title)}</div><div class="grades">${RATINGS.map(
        ([grade, zh, en]) =>
          `<button data-action="rate" data-grade="${grade}" data-ticket="${esc(w.to_rate)}"><span class="star">${"★".repeat(
            grade,
          )}</span>${both([zh, en])}</button>`,
      ).join("")}</div></div>`;
    }
    return `<div class="title"><b>${one(TEXT.window_n, lang, { n: w.number })} · ${esc(w.name)}</b>
        <span class="chip status-${esc(w.status)}">${one(STATUS[w.status] || [w.status], lang)}</span></div>
      ${officer}
      <div class="current"><div class="muted">${one(TEXT.current, lang)}</div>
        <div class="ticket ${w.ticket ? "" : "empty"}">${esc(w.ticket || "—")}</div>
        <div class="service">${esc(w.service ? serviceName(view, w.service, lang) : "")}</div></div>
      ${this.checklistHtml(lang)}
      <div class="keys">${keys}</div>
      <div class="queue">${one(TEXT.waiting, lang)}: <b class="waiting">${num(waiting)}</b> ${one(TEXT.people, lang)}</div>
      ${rating}
      ${this.messageHtml()}`;
  }
}

/* ----------------------------------------------------------------------------------- kiosk */

class KioskCard extends HallCard {
  get bilingual() {
    return true;
  }

  defaults() {
    return { reset_seconds: 30, fullscreen: false, check_in: true, materials: true };
  }

  // The materials guides (智能情景答题), fetched once the hall is known, again after a reload.
  viewChanged(previous, view) {
    if (!this._config.materials || (previous && previous.entry_id === view.entry_id && this._guides)) return;
    const data = view.entry_id ? { config_entry_id: view.entry_id } : {};
    this._hass
      .callWS({ type: "call_service", domain: DOMAIN, service: "get_materials", service_data: data, return_response: true })
      .then((answer) => {
        this._guides = answer.response.guides;
      })
      .catch(() => {
        this._guides = null;
      });
  }

  /** The next question the citizen's answers lead to, or null when every asked one is answered. */
  _nextQuestion() {
    const guide = this._guides?.[this._service];
    return guide?.questions.find((q) => holds(q.when, this._answers) && !(q.id in this._answers)) ?? null;
  }

  /** Walk a service's guide; with an appointment's code, its end checks that appointment in. */
  _startGuide(service, checkInCode = null) {
    this._service = service;
    this._checkInCode = checkInCode;
    this._answers = {};
    this._order = [];
    this._checklist = null;
    this._go("guide");
  }

  _answer(question, option) {
    this._answers = { ...this._answers, [question]: option };
    this._order.push(question);
    if (this._nextQuestion()) {
      this._go("guide");
      return;
    }
    this.callAction("get_checklist", { service: this._service, answers: this._answers }, true)
      .then((checklist) => {
        this._checklist = checklist;
        this._go("checklist");
      })
      .catch(() => {});
  }

  _checkIn(code, answers) {
    const data = { code };
    if (answers) data.answers = answers;
    this.callAction("check_in", data, true)
      .then((ticket) => {
        this._ticket = ticket;
        this._code = "";
        this._checkInCode = null;
        this._go("ticket");
      })
      .catch(() => {
        this._code = "";
        this._render();
      });
  }

  _issue(service, answers) {
    this._busy = true;
    this._render();
    const data = { service, source: "kiosk" };
    if (answers) data.answers = answers;
    this.callAction("issue_ticket", data, true)
      .then((ticket) => {
        this._ticket = ticket;
        this._go("ticket");
      })
      .catch(() => {})
      .finally(() => {
        this._busy = false;
        this._render();
      });
  }

  constructor() {
    super();
    this._screen = "home";
    this._code = "";
    this._ticket = null;
    // Any touch keeps the kiosk where it is; idleness returns it to the start.
    this.addEventListener("pointerdown", () => this._touch());
  }

  disconnectedCallback() {
    super.disconnectedCallback();
    clearInterval(this._tick);
  }

  _touch() {
    this._lastTouch = Date.now();
  }

  _go(screen) {
    this._screen = screen;
    this._message = null;
    if (screen === "home") this._checkInCode = null;
    this._touch();
    clearInterval(this._tick);
    if (screen !== "home") {
      this._tick = setInterval(() => {
        const left = Math.ceil(this._config.reset_seconds - (Date.now() - this._lastTouch) / 1000);
        if (left <= 0) {
          this._ticket = null;
          this._code = "";
          this._go("home");
          return;
        }
        const el = this.shadowRoot.querySelector(".countdown b");
        if (el) el.textContent = String(left);
      }, 500);
    }
    this._render();
  }

  // A ticket or a keypad on screen must not be redrawn away by live updates of the queue.
  _onView(view) {
    if (this._screen === "home" || view.unloaded) super._onView(view);
    else this._view = view;
  }

  action(name, data) {
    if (name === "service") {
      if (this._config.materials && this._guides?.[data.service]) this._startGuide(data.service);
      else this._issue(data.service, null);
    } else if (name === "answer") {
      this._answer(data.question, data.option);
    } else if (name === "previous") {
      const last = this._order.pop();
      if (last === undefined) {
        this._go("home");
        return;
      }
      const { [last]: _dropped, ...rest } = this._answers;
      this._answers = rest;
      this._go("guide");
    } else if (name === "take") {
      if (this._checkInCode) this._checkIn(this._checkInCode, this._answers);
      else this._issue(this._service, this._answers);
    } else if (name === "checkin") {
      this._code = "";
      this._go("checkin");
    } else if (name === "digit") {
      if (this._code.length < 6) this._code += data.digit;
      this._render();
    } else if (name === "clear") {
      this._code = "";
      this._render();
    } else if (name === "submit") {
      // Ask first (nothing changes): a service with a guide walks it, then checks in with the answers.
      const code = this._code;
      const ask = this._config.materials
        ? this.callAction("get_appointment", { code }, true)
        : Promise.resolve({ materials: false });
      ask
        .then((appointment) => {
          if (appointment.materials && this._guides?.[appointment.service]) {
            this._startGuide(appointment.service, code);
          } else {
            this._checkIn(code, null);
          }
        })
        .catch(() => {
          this._code = "";
          this._render();
        });
    } else if (name === "home") {
      this._ticket = null;
      this._go("home");
    }
  }

  style() {
    return `
      ha-card { padding: 28px; font-size: 26px; min-height: 100%; }
      :host([fullscreen]) ha-card { position: fixed; inset: 0; z-index: 10; border-radius: 0; overflow: auto; }
      h1 { margin: 12px 0 32px; text-align: center; font-size: 64px; }
      h1 .en { font-size: 30px; }
      .services { display: grid; grid-template-columns: 1fr 1fr; gap: 18px; }
      .services button { min-height: 210px; padding: 20px 24px; text-align: left; font-size: 52px; font-weight: 700;
                         background: var(--primary-color); color: var(--text-primary-color, #fff); }
      .services button .en { font-size: 24px; font-weight: 400; }
      .services button .meta { display: block; font-size: 26px; font-weight: 400; margin-top: 12px; opacity: 0.9; }
      button.secondary { width: 100%; min-height: 140px; margin-top: 28px; font-size: 44px;
                         background: var(--secondary-background-color); color: var(--primary-text-color); }
      button.secondary .en { font-size: 20px; }
      .ticket { text-align: center; border: 3px dashed var(--divider-color); border-radius: 24px; padding: 48px 28px; font-size: 34px; }
      .ticket .number { font-size: 220px; font-weight: 800; line-height: 1; margin: 32px 0; }
      .ticket .service { font-size: 40px; }
      .facts { display: grid; grid-template-columns: 1fr 1fr; gap: 16px; margin: 40px 0; }
      .facts div { background: var(--secondary-background-color); border-radius: 16px; padding: 16px; }
      .facts div { font-size: 30px; }
      .facts b { display: block; font-size: 72px; line-height: 1.15; margin-top: 10px; }
      .code { font-size: 84px; letter-spacing: 18px; text-align: center; min-height: 110px; font-variant-numeric: tabular-nums;
              border-bottom: 3px solid var(--primary-color); margin-bottom: 24px; }
      .keypad { display: grid; grid-template-columns: repeat(3, 1fr); gap: 16px; }
      .keypad button { min-height: 120px; font-size: 56px; background: var(--secondary-background-color);
                       color: var(--primary-text-color); }
      .keypad button.submit { background: var(--primary-color); color: var(--text-primary-color, #fff); font-size: 34px; }
      .keypad button .en { font-size: 18px; }
      .countdown { text-align: center; margin-top: 18px; color: var(--secondary-text-color); }
      .message { margin: 18px 0; padding: 16px; border-radius: 12px; font-size: 30px;
                 background: var(--error-color, #db4437); color: var(--text-primary-color, #fff); }
      .busy { opacity: 0.5; pointer-events: none; }
      .question { text-align: center; margin-bottom: 28px; }
      .question .ask { font-size: 52px; font-weight: 700; margin-top: 12px; }
      .question .ask .en { font-size: 26px; font-weight: 400; }
      .options { display: grid; grid-template-columns: 1fr; gap: 18px; }
      .options button { min-height: 130px; font-size: 44px; background: var(--primary-color); color: var(--text-primary-color, #fff); }
      .options button .en { font-size: 22px; }
      .checklist { margin: 24px 0; }
      .checklist h2 { font-size: 36px; margin: 0 0 12px; }
      .checklist h2 .en { font-size: 20px; }
      .documents { margin: 0; padding-left: 1.6em; font-size: 34px; }
      .documents li { padding: 12px 0; border-bottom: 1px solid var(--divider-color); }
      .documents .en { font-size: 20px; }
      .documents .form, .documents .note { display: block; font-size: 26px; }
      button.take { width: 100%; min-height: 150px; font-size: 52px; background: var(--primary-color);
                    color: var(--text-primary-color, #fff); }
      button.take .en { font-size: 24px; }
      .late { margin: 0 0 18px; padding: 16px; border-radius: 12px; font-size: 30px; text-align: center;
              background: var(--warning-color, #ffa600); color: var(--text-primary-color, #fff); }
    `;
  }

  afterRender() {
    this.toggleAttribute("fullscreen", Boolean(this._config.fullscreen));
  }

  renderView(view) {
    return this.speedNotice() + this.renderScreen(view);
  }

  renderScreen(view) {
    const message = this.messageHtml();
    const countdown = `<div class="countdown inline"><b>${this._config.reset_seconds}</b> ${both(TEXT.returning, {}, "span")}</div>`;
    if (this._screen === "guide" && this._guides?.[this._service]) {
      const guide = this._guides[this._service];
      const question = this._nextQuestion();
      if (!question) return "";
      const n = this._order.length + 1;
      const pick = (t) => [t["zh-Hans"], t.en];
      return `<h1>${both(pick(guide.title))}</h1>
        <div class="question"><div class="muted inline">${both(TEXT.question_n, { n })}</div>
          <div class="ask">${both(pick(question.text))}</div>
          ${question.help ? `<div class="muted">${both(pick(question.help))}</div>` : ""}</div>
        <div class="options">${question.options
          .map(
            (o) => `<button data-action="answer" data-question="${esc(question.id)}" data-option="${esc(o.id)}">${both(pick(o.text))}</button>`,
          )
          .join("")}</div>${message}
        <button class="secondary" data-action="previous">${both(n > 1 ? TEXT.previous : TEXT.back)}</button>${countdown}`;
    }
    if (this._screen === "checklist" && this._checklist) {
      return `<h1>${both(TEXT.checklist)}</h1>${message}
        <div class="checklist">${documentsHtml(this._checklist.documents, null)}</div>
        <button class="take" data-action="take" ${view.open || this._checkInCode ? "" : "disabled"}>${both(this._checkInCode ? TEXT.submit : TEXT.take_this_ticket)}</button>
        <button class="secondary" data-action="previous">${both(TEXT.previous)}</button>${countdown}`;
    }
    if (this._screen === "ticket" && this._ticket) {
      const t = this._ticket;
      const inQueue = t.state === "waiting";
      const late = t.late ? `<div class="late">${both(TEXT.late_walk_in)}</div>` : "";
      const checklist = t.checklist
        ? `<div class="checklist"><h2>${both(TEXT.checklist)}</h2>${documentsHtml(t.checklist.documents, null)}</div>`
        : "";
      return `<h1>${both(TEXT.your_ticket)}</h1>${late}
        <div class="ticket"><div class="number">${esc(t.ticket)}</div>
          <div class="service inline">${both([serviceName(view, t.service, "zh-Hans"), serviceName(view, t.service, "en")])}</div>
          <div class="facts">
            <div>${both(TEXT.ahead)}<b class="ahead">${inQueue ? num(t.people_ahead) : "—"}</b></div>
            <div>${both(TEXT.wait_range)}<b class="range">${esc(rangeText(t.estimated_wait, "zh-Hans"))}</b></div>
          </div>
          <div>${both(TEXT.watch_screen)}</div></div>${checklist}
        <button class="secondary" data-action="home">${both(TEXT.done)}</button>${countdown}`;
    }
    if (this._screen === "checkin") {
      const digits = ["1", "2", "3", "4", "5", "6", "7", "8", "9"];
      return `<h1>${both(TEXT.check_in)}</h1>${message}
        <div class="muted" style="text-align:center">${both(TEXT.enter_code)}</div>
        <div class="code">${esc(this._code.padEnd(6, "·"))}</div>
        <div class="keypad">${digits.map((d) => `<button data-action="digit" data-digit="${d}">${d}</button>`).join("")}
          <button data-action="clear">${both(TEXT.clear)}</button>
          <button data-action="digit" data-digit="0">0</button>
          <button class="submit" data-action="submit" ${this._code.length === 6 ? "" : "disabled"}>${both(TEXT.submit)}</button></div>
        <button class="secondary" data-action="home">${both(TEXT.back)}</button>${countdown}`;
    }
    const shown = this._config.services
      ? view.services.filter((s) => this._config.services.includes(s.id))
      : view.services;
    const buttons = shown
      .map((s) => {
        const meta = s.windows.length === 0 || s.estimated_wait === null
          ? both(TEXT.no_window, {}, "span")
          : `${esc(TEXT.waiting[0])} ${num(s.waiting)} ${esc(TEXT.people[0])} · ${esc(TEXT.estimated[0])} ${esc(waitText(s.estimated_wait, "zh-Hans"))}`;
        return `<button data-action="service" data-service="${esc(s.id)}" ${view.open ? "" : "disabled"}>
          ${both([s.name["zh-Hans"], s.name.en])}<span class="meta">${meta}</span></button>`;
      })
      .join("");
    return `<div class="${this._busy ? "busy" : ""}"><h1>${both(view.open ? TEXT.take_ticket : TEXT.hall_closed)}</h1>${message}
      <div class="services">${buttons}</div>
      ${this._config.check_in ? `<button class="secondary" data-action="checkin">${both(TEXT.check_in)}</button>` : ""}</div>`;
  }
}

/* ------------------------------------------------------------------------------ supervisor */

class AlertsCard extends HallCard {
  defaults() {
    return { limit: 12 };
  }

  style() {
    return `
      ha-card { padding: 16px; }
      h2 { margin: 0 0 10px; font-size: 22px; }
      ul { list-style: none; margin: 0; padding: 0; }
      li { display: flex; align-items: center; gap: 12px; padding: 10px 0; border-bottom: 1px solid var(--divider-color); }
      li .what { flex: 1; }
      li .when { color: var(--secondary-text-color); font-variant-numeric: tabular-nums; }
      .nowrap, li .when, li .muted { white-space: nowrap; }
      button { min-height: 44px; padding: 0 18px; background: var(--primary-color); color: var(--text-primary-color, #fff); }
      .message { color: var(--error-color, #db4437); }
    `;
  }

  action(name, data) {
    if (name === "ack") this.callAction("acknowledge_alert", { alert_id: data.alert }).catch(() => {});
  }

  renderView(view) {
    const lang = this.lang;
    const alerts = view.alerts.slice(0, this._config.limit);
    const rows = alerts
      .map((a) => {
        const kind = one(ALERT_KIND[a.kind] || [a.kind], lang);
        const who = a.staff_name ? esc(a.staff_name) : "";
        const done = a.acknowledged_at
          ? `<span class="muted">${one(TEXT.acknowledged, lang)} ${esc(clock(a.acknowledged_at, this.tz))}${a.acknowledged_by ? ` · ${esc(a.acknowledged_by)}` : ""}</span>`
          : `<button data-action="ack" data-alert="${esc(a.alert_id)}">${one(TEXT.acknowledge, lang)}</button>`;
        return `<li data-alert="${esc(a.alert_id)}"><span class="chip state-${esc(a.kind)}">${kind}</span>
          <span class="what">${one(TEXT.window_n, lang, { n: a.window })} ${who}
            <span class="muted nowrap">· ${esc(durationText(a.seconds ?? a.minutes * 60, lang))}</span></span>
          <span class="when">${esc(clock(a.at, this.tz))}</span>${done}</li>`;
      })
      .join("");
    return `<h2>${one(TEXT.alerts, lang)}</h2>${rows ? `<ul>${rows}</ul>` : `<div class="muted">${one(TEXT.no_alerts, lang)}</div>`}
      ${this.messageHtml()}`;
  }
}

// A card with a title over a table of figures (staff records, staffing advice).
const TABLE_STYLE = `
      ha-card { padding: 16px; }
      h2 { margin: 0 0 10px; font-size: 22px; }
      table { width: 100%; border-collapse: collapse; }
      td, th { padding: 8px 6px; border-bottom: 1px solid var(--divider-color); text-align: right; }
      th { color: var(--secondary-text-color); font-weight: 500; }
      td:first-child, th:first-child { text-align: left; }
`;

class StaffCard extends HallCard {
  style() {
    return `${TABLE_STYLE}
      .bad { color: var(--error-color, #db4437); font-weight: 700; }
    `;
  }

  renderView(view) {
    const lang = this.lang;
    const stateAt = Object.fromEntries(view.windows.map((w) => [w.number, w.staff_state]));
    const rows = view.staff
      .map((s) => {
        const state = s.window ? stateAt[s.window] : "signed_out";
        const satisfaction = typeof s.satisfaction === "number" ? `${num(s.satisfaction * 100)}%` : "—";
        return `<tr data-staff="${esc(s.staff_number)}"><td>${esc(s.name)} <span class="muted">${esc(s.staff_number)}</span></td>
          <td>${num(s.window)}</td>
          <td><span class="chip state-${esc(state || "unknown")}">${one(STAFF_STATE[state] || STAFF_STATE.unknown, lang)}</span></td>
          <td>${num(s.served)}</td><td>${satisfaction}</td>
          <td class="${s.away_minutes >= 15 ? "bad" : ""}">${num(s.away_minutes, s.away_minutes < 10 ? 1 : 0)}</td>
          <td>${num(s.phone_episodes)}</td><td class="${s.alerts ? "bad" : ""}">${num(s.alerts)}</td></tr>`;
      })
      .join("");
    const h = (pair) => `<th>${one(pair, lang)}</th>`;
    return `<h2>${one(TEXT.staff_records, lang)}</h2><table>
      <tr>${h(TEXT.officer)}${h(TEXT.windows)}${h(TEXT.state)}${h(TEXT.served)}${h(TEXT.satisfaction)}${h(
        TEXT.away_minutes,
      )}${h(TEXT.phone_episodes)}${h(TEXT.alerts_n)}</tr>${rows}</table>`;
  }
}

class FiguresCard extends HallCard {
  style() {
    return `
      ha-card { padding: 16px; }
      h2 { margin: 0 0 10px; font-size: 22px; }
      .grid { display: grid; grid-template-columns: repeat(auto-fill, minmax(140px, 1fr)); gap: 12px; }
      .fig { background: var(--secondary-background-color); border-radius: 12px; padding: 10px 12px; }
      .fig b { display: block; font-size: 32px; font-variant-numeric: tabular-nums; }
      .fig span { color: var(--secondary-text-color); font-size: 14px; }
    `;
  }

  renderView(view) {
    const lang = this.lang;
    const f = view.figures;
    const min = (v) => num(v, 1);
    const items = [
      [TEXT.issued, num(f.issued), "issued"],
      [TEXT.served, num(f.served), "served"],
      [TEXT.waiting, num(f.waiting), "waiting"],
      [TEXT.no_shows, num(f.no_shows), "no_shows"],
      [[`${TEXT.mean_wait[0]}（分钟）`, `${TEXT.mean_wait[1]} (min)`], min(f.mean_wait), "mean_wait"],
      [[`${TEXT.p90_wait[0]}（分钟）`, `${TEXT.p90_wait[1]} (min)`], min(f.p90_wait), "p90_wait"],
      [TEXT.satisfaction, typeof f.satisfaction === "number" ? `${num(f.satisfaction * 100)}%` : "—", "satisfaction"],
      [TEXT.unacknowledged, num(f.unacknowledged), "unacknowledged"],
      [TEXT.arrivals_h, num(view.arrivals_per_hour), "arrivals_per_hour"],
      [TEXT.estimate_error, min(f.estimate_error), "estimate_error"],
    ];
    return `<h2>${one(TEXT.figures, lang)} · ${esc(view.service_date)}</h2><div class="grid">${items
      .map(([label, value, key]) => `<div class="fig" data-figure="${key}"><b>${esc(value)}</b><span>${one(label, lang)}</span></div>`)
      .join("")}</div>`;
  }

  getCardSize() {
    return 3;
  }
}

class StaffingCard extends HallCard {
  style() {
    return `${TABLE_STYLE}
      th { font-size: 13px; }
      .bad { color: var(--error-color, #db4437); font-weight: 700; white-space: nowrap; }
      .ok { color: var(--success-color, #43a047); white-space: nowrap; }
    `;
  }

  renderView(view) {
    const lang = this.lang;
    const groups = view.staffing || [];
    if (!groups.length) return `<h2>${one(TEXT.staffing, lang)}</h2><p class="muted">${one(TEXT.no_groups, lang)}</p>`;
    const number = (v) => num(v, 1);
    const rows = [...groups]
      .sort((a, b) => b.short - a.short || b.load - a.load)
      .map((g) => {
        const names = (g.service_names || g.services).join(lang === "en" ? ", " : "、");
        const verdict = g.short
          ? `<span class="bad" data-short="${esc(g.short)}">${one(TEXT.short_by, lang, { n: g.short })}</span>`
          : `<span class="ok">${one(TEXT.enough, lang)}</span>`;
        return `<tr data-group="${esc(g.group)}"><td>${esc(names)}</td><td>${number(g.arrivals_per_hour)}</td>
          <td>${number(g.handling)}</td><td data-needed>${num(g.needed)}</td><td>${num(g.open)}</td>
          <td>${g.expected_wait === null && g.short ? `<span class="bad">${one(TEXT.overloaded, lang)}</span>` : number(g.expected_wait)}</td><td>${verdict}</td>
          <td>${g.short ? esc(g.candidates.join(lang === "en" ? ", " : "、") || "—") : ""}</td></tr>`;
      })
      .join("");
    const h = (pair) => `<th>${one(pair, lang)}</th>`;
    return `<h2>${one(TEXT.staffing, lang)}</h2><table>
      <tr>${h(TEXT.group)}${h(TEXT.arrivals_h)}${h(TEXT.handling_min)}${h(TEXT.needed)}${h(TEXT.open_now)}${h(
        TEXT.expected_wait,
      )}<th></th>${h(TEXT.could_help)}</tr>${rows}</table>`;
  }
}

class AppointmentsCard extends HallCard {
  defaults() {
    return { limit: 50 };
  }

  style() {
    return `${TABLE_STYLE}
      td.slot { white-space: nowrap; font-variant-numeric: tabular-nums; }
    `;
  }

  renderView(view) {
    const lang = this.lang;
    const counts = {};
    for (const a of view.appointments) counts[a.status] = (counts[a.status] || 0) + 1;
    const summary = Object.entries(counts)
      .map(([status, n]) => `${one(APPOINTMENT_STATUS[status] || [status], lang)} ${n}`)
      .join(" · ");
    const rows = view.appointments
      .slice(0, this._config.limit)
      .map(
        (a) => `<tr data-status="${esc(a.status)}"><td class="slot">${esc(clock(a.start, this.tz))}–${esc(clock(a.end, this.tz))}</td>
          <td>${esc(serviceName(view, a.service, lang))}</td>
          <td><span class="chip appt-${esc(a.status)}">${one(APPOINTMENT_STATUS[a.status] || [a.status], lang)}</span></td>
          <td>${esc(a.ticket || "—")}</td></tr>`,
      )
      .join("");
    const head = `<tr><th>${one(TEXT.slot, lang)}</th><th>${one(TEXT.service, lang)}</th><th>${one(TEXT.status, lang)}</th><th>${one(
      TEXT.ticket,
      lang,
    )}</th></tr>`;
    return `<h2>${one(TEXT.appointments, lang)} <span class="muted summary">${summary}</span></h2>${
      rows ? `<table>${head}${rows}</table>` : `<div class="muted">${one(TEXT.no_appointments, lang)}</div>`
    }`;
  }
}

const CARDS = [
  ["service-hall-board-card", BoardCard, "Service Hall: big screen", "Calls, windows, waits, warnings and appointments for a wall screen."],
  ["service-hall-window-card", WindowCard, "Service Hall: window tablet", "Officer, current number, window keys and the citizen's rating."],
  ["service-hall-kiosk-card", KioskCard, "Service Hall: kiosk", "Take a ticket or check in an appointment on a touch screen."],
  ["service-hall-alerts-card", AlertsCard, "Service Hall: alerts", "Today's supervision alerts, with acknowledge buttons."],
  ["service-hall-staff-card", StaffCard, "Service Hall: staff records", "Each officer's day: served, satisfaction, time away, alerts."],
  ["service-hall-figures-card", FiguresCard, "Service Hall: today's figures", "Tickets, waits, no-shows and satisfaction of the day."],
  ["service-hall-staffing-card", StaffingCard, "Service Hall: staffing advice", "Windows each group of services needs now (Erlang C), and which could help."],
  ["service-hall-appointments-card", AppointmentsCard, "Service Hall: appointments", "The day's appointments: slot, service, check-in and the ticket."],
];

function defineCards() {
  for (const [tag, cls] of CARDS) {
    if (customElements.get(tag)) continue;
    try {
      customElements.define(tag, cls);
    } catch (_err) {
      // The constructor is already known to the browser's own registry (see below): a subclass
      // is a new constructor that the frontend's registry accepts.
      customElements.define(tag, class extends cls {});
    }
  }
}

// This module is loaded beside the frontend's own bundle, which replaces `window.customElements`
// by a scoped registry while it boots. Cards defined before that swap are invisible to the
// frontend ("Custom element doesn't exist"), about one page load in three. So: define now, and
// again on the frontend's registry once its app element exists.
defineCards();
(async () => {
  const deadline = Date.now() + 30000;
  while (Date.now() < deadline) {
    defineCards();
    if (customElements.get("home-assistant") && CARDS.every(([tag]) => customElements.get(tag))) return;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
})();

window.customCards = window.customCards || [];
for (const [tag, , name, description] of CARDS) {
  if (!window.customCards.some((card) => card.type === tag)) {
    window.customCards.push({ type: tag, name, description, preview: false });
  }
}

console.info(`%c SERVICE-HALL-CARDS %c ${CARD_VERSION} `, "color: white; background: #c62828", "color: #c62828");
