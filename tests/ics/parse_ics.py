#!/usr/bin/env python3
"""Reads an .ics file on stdin with Python's icalendar package (a parser independent of
the Rust crate that wrote it) and prints its events as JSON, for tests/ics.rs."""
import json
import sys
from datetime import date, datetime, timezone

from icalendar import Calendar

cal = Calendar.from_ical(sys.stdin.buffer.read())
if cal.name != "VCALENDAR" or str(cal.get("VERSION")) != "2.0":
    sys.exit("not an iCalendar 2.0 document")
events = []
for ev in cal.walk("VEVENT"):
    start = ev.decoded("DTSTART")
    end = ev.decoded("DTEND")
    # An all-day event (a deadline's last day) is a DATE; every timed one must be in UTC.
    all_day = isinstance(start, date) and not isinstance(start, datetime)
    if not all_day and (start.tzinfo is None or start.utcoffset().total_seconds() != 0):
        sys.exit(f"DTSTART is not in UTC: {ev.get('DTSTART').to_ical()!r}")
    alarms = []
    for al in ev.walk("VALARM"):
        if "DTSTAMP" in al:
            sys.exit("a VALARM carries DTSTAMP, which RFC 5545 does not allow")
        trig = al.get("TRIGGER")
        alarms.append(
            {
                "action": str(al.get("ACTION")),
                "seconds": int(al.decoded("TRIGGER").total_seconds()),
                "related": str(trig.params.get("RELATED", "START")),
                "uid": str(al.get("UID")),
            }
        )
    events.append(
        {
            "uid": str(ev.get("UID")),
            "summary": str(ev.get("SUMMARY")),
            "start": start.isoformat() if all_day else start.astimezone(timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ"),
            "end": end.isoformat() if all_day else end.astimezone(timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ"),
            "all_day": all_day,
            "transparent": str(ev.get("TRANSP", "OPAQUE")) == "TRANSPARENT",
            "sequence": int(ev.get("SEQUENCE")),
            "status": str(ev.get("STATUS")),
            "dtstamp": "DTSTAMP" in ev,
            "alarms": alarms,
        }
    )
json.dump(events, sys.stdout, ensure_ascii=False)
