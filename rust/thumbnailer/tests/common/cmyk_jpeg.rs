//! A flat four-channel JPEG, written here because no encoder in reach writes CMYK (`image`'s
//! writes grey and RGB only). Baseline, every component at full resolution, a quantisation table
//! of ones and nothing but each block's DC coefficient, so a decoder gives the samples back as
//! they were written, within its IDCT's rounding.

/// How Adobe's APP14 marker says the four samples are stored; both store each ink inverted.
#[derive(Clone, Copy)]
pub enum Adobe {
    /// Transform 0: the inverted C, M, Y and K.
    Cmyk,
    /// Transform 2: C, M and Y (inverted twice) as if R, G and B, in YCbCr, then the inverted K
    /// (Photoshop's way).
    Ycck,
}

/// A `width`×`height` JPEG of one colour, `inks` C, M, Y, K (0 none, 255 full), with the profile.
pub fn flat(width: u16, height: u16, inks: [u8; 4], adobe: Adobe, icc: Option<&[u8]>) -> Vec<u8> {
    let [c, m, y, k] = inks;
    let stored = match adobe {
        Adobe::Cmyk => [255 - c, 255 - m, 255 - y, 255 - k],
        Adobe::Ycck => {
            // JFIF's RGB to YCbCr of the inks: a decoder's R, G and B are then the inks themselves.
            let [r, g, b] = [c, m, y].map(f64::from);
            let luma = 0.299 * r + 0.587 * g + 0.114 * b;
            let cb = 128.0 - 0.168_736 * r - 0.331_264 * g + 0.5 * b;
            let cr = 128.0 + 0.5 * r - 0.418_688 * g - 0.081_312 * b;
            let [luma, cb, cr] = [luma, cb, cr].map(|v| v.round().clamp(0.0, 255.0) as u8);
            [luma, cb, cr, 255 - k]
        }
    };
    let mut jpeg = vec![0xFF, 0xD8];
    let transform = match adobe {
        Adobe::Cmyk => 0,
        Adobe::Ycck => 2,
    };
    // "Adobe", version 100, two flag words, the transform.
    segment(
        &mut jpeg,
        0xEE,
        &[b"Adobe".as_slice(), &[0, 100, 0, 0, 0, 0, transform]].concat(),
    );
    if let Some(icc) = icc {
        // One chunk of one.
        segment(
            &mut jpeg,
            0xE2,
            &[b"ICC_PROFILE\0".as_slice(), &[1, 1], icc].concat(),
        );
    }
    segment(&mut jpeg, 0xDB, &[[0].as_slice(), &[1; 64]].concat());
    let [w, h] = [width.to_be_bytes(), height.to_be_bytes()];
    let mut frame = vec![8, h[0], h[1], w[0], w[1], 4];
    for id in 1..=4 {
        frame.extend([id, 0x11, 0]);
    }
    segment(&mut jpeg, 0xC0, &frame);
    segment(
        &mut jpeg,
        0xC4,
        &[[0x00].as_slice(), &DC_BITS, &DC_VALUES].concat(),
    );
    segment(
        &mut jpeg,
        0xC4,
        &[[0x10].as_slice(), &AC_BITS, &[EOB]].concat(),
    );
    let mut scan = vec![4];
    for id in 1..=4 {
        scan.extend([id, 0x00]);
    }
    scan.extend([0, 63, 0]);
    segment(&mut jpeg, 0xDA, &scan);
    let blocks = usize::from(width.div_ceil(8)) * usize::from(height.div_ceil(8));
    let mut bits = Bits::default();
    for block in 0..blocks {
        for sample in stored {
            // The DC coefficient of a flat block is 8 × (sample − 128); after the first block,
            // each is coded as its difference from the one before, nought.
            let dc = if block == 0 {
                8 * (i32::from(sample) - 128)
            } else {
                0
            };
            let size = 32 - dc.unsigned_abs().leading_zeros();
            let (code, length) = dc_code(size);
            bits.push(code, length);
            let extra = if dc < 0 { dc + (1 << size) - 1 } else { dc };
            bits.push(extra as u32, size);
            bits.push(EOB_CODE, 1);
        }
    }
    jpeg.extend(bits.finish());
    jpeg.extend([0xFF, 0xD9]);
    jpeg
}

/// JPEG's example table for luminance DC differences (ITU T.81, K.3): code lengths, categories.
const DC_BITS: [u8; 16] = [0, 1, 5, 1, 1, 1, 1, 1, 1, 0, 0, 0, 0, 0, 0, 0];
const DC_VALUES: [u8; 12] = [0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11];
/// An AC table of one code, one bit long, for end-of-block: every AC coefficient is nought.
const AC_BITS: [u8; 16] = [1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0];
const EOB: u8 = 0x00;
const EOB_CODE: u32 = 0;

/// The canonical Huffman code of a DC category in the table above, and its length.
fn dc_code(category: u32) -> (u32, u32) {
    let mut code = 0;
    let mut index = 0;
    for (length, &count) in (1..).zip(&DC_BITS) {
        for _ in 0..count {
            if u32::from(DC_VALUES[index]) == category {
                return (code, length);
            }
            code += 1;
            index += 1;
        }
        code <<= 1;
    }
    panic!("no code for DC category {category}");
}

fn segment(jpeg: &mut Vec<u8>, marker: u8, payload: &[u8]) {
    let length = u16::try_from(payload.len() + 2).expect("a segment under 64 KiB");
    jpeg.extend([0xFF, marker]);
    jpeg.extend(length.to_be_bytes());
    jpeg.extend(payload);
}

/// Entropy-coded bits, most significant first, a 0x00 stuffed after each 0xFF.
#[derive(Default)]
struct Bits {
    bytes: Vec<u8>,
    pending: u32,
    count: u32,
}

impl Bits {
    fn push(&mut self, value: u32, length: u32) {
        for bit in (0..length).rev() {
            self.pending = (self.pending << 1) | ((value >> bit) & 1);
            self.count += 1;
            if self.count == 8 {
                self.flush_byte();
            }
        }
    }

    fn flush_byte(&mut self) {
        let byte = self.pending as u8;
        self.bytes.push(byte);
        if byte == 0xFF {
            self.bytes.push(0x00);
        }
        self.pending = 0;
        self.count = 0;
    }

    /// Padded with ones to a whole byte, as T.81 asks.
    fn finish(mut self) -> Vec<u8> {
        while self.count != 0 {
            self.push(1, 1);
        }
        self.bytes
    }
}
