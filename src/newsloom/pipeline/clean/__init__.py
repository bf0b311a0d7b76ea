"""Strip boilerplate from articles and record every removal with a reason.

``clean_article`` is the stage's entry point (``Article -> Article``). Plain text goes through
the line cleaner (``plaintext.clean_lines``: line patterns in ``lines``, appended tails in
``tails``, the main-block search in ``blocks``, dates in ``metadata``); HTML goes through
trafilatura and then the same line cleaner (``html``).
"""

from newsloom.pipeline.clean.cleaner import clean_article
from newsloom.pipeline.clean.plaintext import LineCleaning, clean_lines

__all__ = ["LineCleaning", "clean_article", "clean_lines"]
