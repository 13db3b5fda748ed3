"""The key an S3 event names an upload by is form-encoded ('red flower+1.jpg' comes as
'red+flower%2B1.jpg'); formats/s3-event.ts says why, and how the stand-in encodes it."""

import re
from urllib.parse import unquote_plus

# A '%' that does not start an escape: `unquote_plus` would keep it as it is, the twins refuse it.
_BARE_PERCENT = re.compile(r"%(?![0-9A-Fa-f]{2})")


class InvalidKeyError(ValueError):
    def __init__(self, encoded: str) -> None:
        super().__init__(f"the event key '{encoded}' is not form-encoded: a '%' starts no valid UTF-8 escape")


def decode_event_key(encoded: str) -> str:
    """'+' back to a space, then percent-decoding as UTF-8, as `decodeEventKey` does."""
    if _BARE_PERCENT.search(encoded):
        raise InvalidKeyError(encoded)
    try:
        return unquote_plus(encoded, errors="strict")
    except UnicodeDecodeError as error:
        raise InvalidKeyError(encoded) from error
