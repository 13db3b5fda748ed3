//! Whether a JPEG's data runs to its end-of-image marker. `image`'s JPEG decoder (zune-jpeg, not
//! in strict mode) decodes a truncated file "successfully", filling what is missing with grey,
//! where libjpeg warns "premature end of JPEG file" and sharp fails it; this is that check.

const MARKER: u8 = 0xFF;
const END_OF_IMAGE: u8 = 0xD9;

/// True when the first image's marker segments and entropy-coded data end with EOI (`FF D9`).
///
/// Bytes after that EOI are allowed, as libjpeg allows them: phones append real data there
/// (Pixel motion photos an MP4, Samsung its SEF trailer, MPF its second images), so "the file
/// ends with FF D9" would refuse their photos. Segments are skipped by their length, so the EOI of
/// an EXIF thumbnail inside APP1 is not taken for the image's own; in entropy-coded data a 0xFF is
/// always followed by 0x00 (stuffing), a restart marker, or the next marker.
pub fn ends_with_eoi(jpeg: &[u8]) -> bool {
    // After SOI (FF D8), which guessing the format already saw.
    let mut at = 2;
    loop {
        // Entropy-coded data runs up to the next 0xFF.
        let Some(offset) = jpeg
            .get(at..)
            .and_then(|rest| rest.iter().position(|&b| b == MARKER))
        else {
            return false;
        };
        at += offset;
        let Some(&code) = jpeg.get(at + 1) else {
            return false;
        };
        at += match code {
            END_OF_IMAGE => return true,
            // A fill byte before a marker.
            MARKER => 1,
            // A stuffed zero, TEM and the restart markers: no length follows.
            0x00 | 0x01 | 0xD0..=0xD7 => 2,
            _ => match segment_length(jpeg, at + 2) {
                Some(length) => 2 + length,
                None => return false,
            },
        };
    }
}

/// A marker segment's length, which counts its own two bytes but not the marker's.
fn segment_length(jpeg: &[u8], at: usize) -> Option<usize> {
    let [high, low] = *jpeg.get(at..)?.first_chunk::<2>()?;
    let length = usize::from(u16::from_be_bytes([high, low]));
    (length >= 2).then_some(length)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// SOI, an APP1 segment holding a thumbnail's own EOI, a scan with stuffing and a restart.
    const SMALL: &[u8] = &[
        0xFF, 0xD8, // SOI
        0xFF, 0xE1, 0x00, 0x06, 0xFF, 0xD9, 0x00, 0x00, // APP1, length 6, holding FF D9
        0xFF, 0xDA, 0x00, 0x03, 0x01, // SOS, length 3
        0x12, 0xFF, 0x00, 0x34, 0xFF, 0xD0, 0x56, // data, stuffed FF, RST0
        0xFF, 0xD9, // EOI
    ];

    #[test]
    fn finds_the_eoi_after_the_scan_and_allows_what_follows_it() {
        assert!(ends_with_eoi(SMALL));
        let trailer = [SMALL, b"ftypmp42 motion photo".as_slice()].concat();
        assert!(ends_with_eoi(&trailer));
    }

    #[test]
    fn a_file_cut_anywhere_before_its_eoi_is_not_whole() {
        for end in 0..SMALL.len() {
            assert!(!ends_with_eoi(&SMALL[..end]), "cut at {end}");
        }
    }
}
