"""Constants of the Service Hall integration."""

from __future__ import annotations

from datetime import timedelta
from typing import Final

DOMAIN: Final = "service_hall"

# Config entry data (the hall itself; changed by reconfigure)
CONF_LANGUAGE: Final = "language"
CONF_OPEN_TIME: Final = "open_time"
CONF_CLOSE_TIME: Final = "close_time"
CONF_OPEN_DAYS: Final = "open_days"
CONF_ROLLOVER_TIME: Final = "rollover_time"
CONF_LAYOUT_FILE: Final = "layout_file"

# Config entry options: the layout and the hall's tuning
CONF_SERVICES: Final = "services"
CONF_WINDOWS: Final = "windows"
CONF_STAFF: Final = "staff"
CONF_RECALL_LIMIT: Final = "recall_limit"
CONF_NO_SHOW_TIMEOUT: Final = "no_show_timeout"
CONF_MAX_WAIT: Final = "max_wait"
CONF_DISPATCH_ORDER: Final = "dispatch_order"
CONF_APPOINTMENT_EARLY: Final = "appointment_early"
CONF_APPOINTMENT_LATE: Final = "appointment_late"

LANGUAGES: Final = ("zh-Hans", "en")
DEFAULT_LANGUAGE: Final = "zh-Hans"
DEFAULT_OPEN_TIME: Final = "08:30:00"
DEFAULT_CLOSE_TIME: Final = "17:30:00"
DEFAULT_ROLLOVER_TIME: Final = "03:00:00"
DEFAULT_OPEN_DAYS: Final = ("mon", "tue", "wed", "thu", "fri")
WEEKDAYS: Final = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")

# How often time-driven changes are checked: auto no-shows, rollover, waits that grow.
TICK_INTERVAL: Final = timedelta(seconds=15)

# Supervision (options), in seconds except the retention
CONF_ABSENCE_CONFIRM: Final = "absence_confirm"
CONF_PHONE_CONFIRM: Final = "phone_confirm"
CONF_AWAY_ALERT: Final = "away_alert"
CONF_PHONE_ALERT: Final = "phone_alert"
CONF_ALERT_COOLDOWN: Final = "alert_cooldown"
CONF_RECORD_DAYS: Final = "record_days"
CONF_FRIGATE_URL: Final = "frigate_url"
DEFAULT_RECORD_DAYS: Final = 90
DEFAULT_FRIGATE_PREFIX: Final = "frigate"

# Window units: the event their keys fire, how long after a service the rating keys count
EVENT_KEY: Final = "esphome.service_hall_key"
CONF_RATING_WINDOW: Final = "rating_window"
DEFAULT_RATING_WINDOW: Final = 120.0  # seconds
CONF_UNIT_OFFLINE_AFTER: Final = "unit_offline_after"
# Days an appointment's contact details (name, phone) are kept after its day; 0: deleted at its day's end.
CONF_CONTACT_DAYS: Final = "contact_days"
DEFAULT_CONTACT_DAYS: Final = 7
CONF_PUBLIC_STATUS: Final = "public_status"  # the public queue status page (off unless turned on)
# Window tablets: Home Assistant user id -> the window its tablet acts for (and no other)
CONF_WINDOW_TABLETS: Final = "window_tablets"
DEFAULT_UNIT_OFFLINE_AFTER: Final = 600.0  # seconds before an offline unit becomes a repair issue
# Fired for a rating of the two lowest grades (不满意, 非常不满意), for supervisors
EVENT_LOW_RATING: Final = "service_hall_low_rating"

# Home Assistant events for automations and blueprints: every supervision alert, every
# acknowledgement of one (by a notification's button, the action or a dashboard), every call
EVENT_STAFF_ALERT: Final = "service_hall_staff_alert"
EVENT_ALERT_ACKNOWLEDGED: Final = "service_hall_alert_acknowledged"
EVENT_CALL: Final = "service_hall_call"
# A group of services lacks windows now (staffing advice), with the windows that could help
EVENT_STAFFING_SHORT: Final = "service_hall_staffing_short"
STAFFING_INTERVAL: Final = timedelta(seconds=60)
# A notification button whose action starts so acknowledges an alert: PREFIX:<entry id>:<alert id>
ACK_ACTION_PREFIX: Final = "SERVICE_HALL_ACK"

# Attributes and fields of actions
ATTR_CONFIG_ENTRY_ID: Final = "config_entry_id"
ATTR_SERVICE: Final = "service"
ATTR_WINDOW: Final = "window"
ATTR_TICKET: Final = "ticket"
ATTR_STAFF: Final = "staff"
ATTR_REASON: Final = "reason"
ATTR_PRIORITY: Final = "priority"
ATTR_SOURCE: Final = "source"
ATTR_TARGET_SERVICE: Final = "target_service"
ATTR_TARGET_WINDOW: Final = "target_window"
ATTR_START: Final = "start"
ATTR_END: Final = "end"
ATTR_REFERENCE: Final = "reference"
ATTR_CODE: Final = "code"
ATTR_GRADE: Final = "grade"
ATTR_PATH: Final = "path"
ATTR_ALERT_ID: Final = "alert_id"
ATTR_DATE: Final = "date"
ATTR_LANGUAGE: Final = "language"
ATTR_ANSWERS: Final = "answers"
ATTR_NAME: Final = "name"
ATTR_PHONE: Final = "phone"
