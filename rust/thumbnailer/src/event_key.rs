//! The object key as S3 writes it in an event: form-encoded ('red flower+1.jpg' arrives as
//! 'red+flower%2B1.jpg'). `aws_lambda_events` hands it over as it came, so it is decoded here, the
//! way the Node twin's `decodeEventKey` (`formats/s3-event.ts`) does.

use thiserror::Error;

#[derive(Debug, Error, PartialEq, Eq)]
#[error("the event key '{0}' is not form-encoded: a '%' starts no valid UTF-8 escape")]
pub struct InvalidKey(pub String);

/// '+' back to a space, then percent-decoding as UTF-8. Strict, as `decodeURIComponent` is: a '%'
/// without two hex digits after it, or escapes that are not UTF-8, make the key invalid, where a
/// lenient decoder would keep them and read some other object.
pub fn decode_event_key(encoded: &str) -> Result<String, InvalidKey> {
    let invalid = || InvalidKey(encoded.to_owned());
    let mut bytes = Vec::with_capacity(encoded.len());
    let mut rest = encoded.as_bytes();
    while let Some((&byte, tail)) = rest.split_first() {
        rest = tail;
        match byte {
            b'+' => bytes.push(b' '),
            b'%' => {
                let (&[high, low], tail) = rest.split_first_chunk().ok_or_else(invalid)?;
                let digit = |digit: u8| char::from(digit).to_digit(16).ok_or_else(invalid);
                let value = digit(high)? * 16 + digit(low)?;
                bytes.push(u8::try_from(value).map_err(|_| invalid())?);
                rest = tail;
            }
            other => bytes.push(other),
        }
    }
    String::from_utf8(bytes).map_err(|_| invalid())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn turns_plus_into_a_space_and_decodes_escapes_as_utf8() {
        assert_eq!(
            decode_event_key("uploads/rust/red+flower%2B1.jpg").as_deref(),
            Ok("uploads/rust/red flower+1.jpg")
        );
        assert_eq!(
            decode_event_key("uploads/rust/caf%C3%A9%3A1.png").as_deref(),
            Ok("uploads/rust/café:1.png")
        );
        // '/' may come encoded or not; both read the same key.
        assert_eq!(
            decode_event_key("uploads%2Frust/a.jpg").as_deref(),
            Ok("uploads/rust/a.jpg")
        );
    }

    #[test]
    fn refuses_a_percent_that_starts_no_escape_or_no_utf8() {
        for encoded in ["a%", "a%2", "a%zz.jpg", "a%+1.jpg", "a%C3.jpg", "a%FF.jpg"] {
            assert_eq!(
                decode_event_key(encoded),
                Err(InvalidKey(encoded.to_owned())),
                "{encoded}"
            );
        }
    }
}
