#!/usr/bin/python3
"""Reads an iCalendar file with python3-icalendar (Debian's) and prints what
the tests check as JSON: the method, and per VEVENT its UID, SEQUENCE, start
and end as UTC ISO times, their TZID, the summary, location, organizer and
description.  Fails (exit 1) on anything icalendar cannot parse."""
import json
import sys

from icalendar import Calendar

cal = Calendar.from_ical(open(sys.argv[1], 'rb').read())
out = {'method': str(cal.get('method', '')), 'timezones': [], 'events': []}
for c in cal.walk():
    if c.name == 'VTIMEZONE':
        out['timezones'].append(str(c.get('tzid')))
    if c.name == 'VEVENT':
        start, end = c.decoded('dtstart'), c.decoded('dtend')
        out['events'].append({
            'uid': str(c.get('uid')),
            'sequence': int(c.get('sequence', 0)),
            'start': start.astimezone(__import__('datetime').timezone.utc).isoformat(),
            'end': end.astimezone(__import__('datetime').timezone.utc).isoformat(),
            'tzid': c.get('dtstart').params.get('TZID'),
            'summary': str(c.get('summary')),
            'location': str(c.get('location')),
            'organizer': str(c.get('organizer')),
            'description': str(c.get('description')),
            'status': str(c.get('status', '')),
        })
print(json.dumps(out))
