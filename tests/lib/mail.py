#!/usr/bin/python3
"""Reads the messages a mail catcher wrote (DIR/*.eml with their envelope in
DIR/*.json) with Python's email package and prints what the tests check as
JSON, one object per message, oldest first: the envelope, the headers, the
plain text and HTML bodies, and each calendar part as python3-icalendar
reads it (see ics.py).  Fails (exit 1) on a message the package cannot
parse or a calendar part icalendar cannot."""
import email
import glob
import json
import os
import sys
from email import policy

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from ics import summarize  # noqa: E402

HEADERS = ('From', 'To', 'Reply-To', 'Subject', 'Message-ID', 'Date', 'MIME-Version',
           'Auto-Submitted', 'Content-Language')


def read(path):
    raw = open(path, 'rb').read()
    m = email.message_from_bytes(raw, policy=policy.strict)
    envelope = json.load(open(path[:-4] + '.json'))
    out = {'file': os.path.basename(path), 'envelope': envelope, 'size': len(raw),
           'headers': {h: (str(m[h]) if m[h] is not None else None) for h in HEADERS},
           'text': None, 'html': None, 'calendars': [], 'parts': [],
           'crlf_only': b'\n' not in raw.replace(b'\r\n', b''),
           'max_line': max(len(line) for line in raw.split(b'\r\n'))}
    for part in m.walk():
        ctype = part.get_content_type()
        out['parts'].append({'type': ctype, 'method': part.get_param('method'),
                             'disposition': part.get_content_disposition(),
                             'filename': part.get_filename()})
        if part.is_multipart():
            continue
        if ctype == 'text/plain' and out['text'] is None:
            out['text'] = part.get_content()
        elif ctype == 'text/html' and out['html'] is None:
            out['html'] = part.get_content()
        elif ctype in ('text/calendar', 'application/ics'):
            cal = summarize(part.get_payload(decode=True))
            cal['part'] = ctype
            out['calendars'].append(cal)
    return out


if __name__ == '__main__':
    folder = sys.argv[1]
    print(json.dumps([read(p) for p in sorted(glob.glob(os.path.join(folder, '*.eml')))]))
