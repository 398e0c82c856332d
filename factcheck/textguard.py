"""Text as the tokenizer may see it: pathological stretches blanked, offsets kept.

spaCy's tokenizer peels prefixes and suffixes one character at a time and
searches the rest again each time, so a long run of punctuation or symbols (a
20,000-character `=====` divider, `&&&&…` from a saved page) costs minutes.
Such a run holds no claim. It is replaced by as many spaces in the text given
to the NLP only; the Article's text, which the offsets point into, is untouched.
"""
from __future__ import annotations

import re

# punctuation and symbols (underscore too: it is a word character to `re`, a suffix to spaCy)
_SYMBOL = r"(?:[^\w\s]|_)"
LONGEST_RUN = 32  # a run of 32 such characters tokenizes in about a millisecond, 256 in a tenth of a second
LONGEST_TOKEN = 500  # no word, name, number or web address in an article is longer
_RUN = re.compile(_SYMBOL + "{%d,}" % (LONGEST_RUN + 1))
_TOKEN = re.compile(r"\S{%d,}" % (LONGEST_TOKEN + 1))


def _blank(m: re.Match) -> str:
    return " " * len(m.group())


def masked(text: str) -> str:
    """`text` with over-long runs of symbols and over-long tokens replaced by spaces: same length, same offsets."""
    return _TOKEN.sub(_blank, _RUN.sub(_blank, text))

