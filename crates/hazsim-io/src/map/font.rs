//! A small 5×8 bitmap font for map labels, drawn at integer scales.
//!
//! Each glyph is 5 pixels wide on an 8-row grid: rows 0–6 hold capitals and digits (cap height
//! 7), lowercase letters sit on rows 2–6, and row 7 takes descenders (g, j, p, q, y, comma, µ).
//! Characters advance by 6 pixels (one pixel of spacing). The font covers printable ASCII
//! (32–126) plus `°`, `²`, `³`, `µ`, `±`, `×`, `·` and dashes; anything else is drawn as a box so
//! that missing glyphs are visible rather than silently dropped.
//!
//! The glyphs were drawn for hazsim; each is written below as rows of `#` (ink) and `.` (paper)
//! separated by `|`, and packed into bits at compile time.

use super::canvas::{Rect, RgbaImage};

/// Width of a glyph, in font pixels.
pub const GLYPH_WIDTH: u32 = 5;
/// Height of a glyph cell including the descender row, in font pixels.
pub const GLYPH_HEIGHT: u32 = 8;
/// Height of capitals and digits, in font pixels.
pub const CAP_HEIGHT: u32 = 7;
/// Horizontal advance from one character to the next, in font pixels.
pub const ADVANCE: u32 = 6;

/// Pack a glyph drawing (rows of `#`/`.` separated by `|`, at most 8 rows of 5) into one byte
/// per row, bit 4 being the leftmost pixel. Malformed drawings fail at compile time.
const fn glyph(art: &str) -> [u8; 8] {
    let b = art.as_bytes();
    let mut rows = [0u8; 8];
    let (mut row, mut col, mut i) = (0usize, 0usize, 0usize);
    while i < b.len() {
        match b[i] {
            b'|' => {
                assert!(col == 5, "glyph rows must be 5 wide");
                row += 1;
                col = 0;
            }
            c => {
                assert!(c == b'#' || c == b'.', "glyph art uses # and .");
                assert!(row < 8 && col < 5, "glyph larger than 5x8");
                if c == b'#' {
                    rows[row] |= 1 << (4 - col);
                }
                col += 1;
            }
        }
        i += 1;
    }
    assert!(b.is_empty() || col == 5, "glyph rows must be 5 wide");
    rows
}

/// Glyphs for ASCII 32 (space) to 126 (tilde), in order.
const ASCII: [[u8; 8]; 95] = [
    glyph(""),                                                // space
    glyph("..#..|..#..|..#..|..#..|..#..|.....|..#.."),       // !
    glyph(".#.#.|.#.#.|.#.#.|.....|.....|.....|....."),       // "
    glyph(".#.#.|.#.#.|#####|.#.#.|#####|.#.#.|.#.#."),       // #
    glyph("..#..|.####|#.#..|.###.|..#.#|####.|..#.."),       // $
    glyph("##...|##..#|...#.|..#..|.#...|#..##|...##"),       // %
    glyph(".##..|#..#.|#.#..|.#...|#.#.#|#..#.|.##.#"),       // &
    glyph("..#..|..#..|.#...|.....|.....|.....|....."),       // '
    glyph("...#.|..#..|.#...|.#...|.#...|..#..|...#."),       // (
    glyph(".#...|..#..|...#.|...#.|...#.|..#..|.#..."),       // )
    glyph(".....|..#..|#.#.#|.###.|#.#.#|..#..|....."),       // *
    glyph(".....|..#..|..#..|#####|..#..|..#..|....."),       // +
    glyph(".....|.....|.....|.....|.....|.##..|..#..|.#..."), // ,
    glyph(".....|.....|.....|.####|.....|.....|....."),       // -
    glyph(".....|.....|.....|.....|.....|.##..|.##.."),       // .
    glyph(".....|....#|...#.|..#..|.#...|#....|....."),       // /
    glyph(".###.|#...#|#..##|#.#.#|##..#|#...#|.###."),       // 0
    glyph("..#..|.##..|..#..|..#..|..#..|..#..|.###."),       // 1
    glyph(".###.|#...#|....#|...#.|..#..|.#...|#####"),       // 2
    glyph("#####|...#.|..#..|...#.|....#|#...#|.###."),       // 3
    glyph("...#.|..##.|.#.#.|#..#.|#####|...#.|...#."),       // 4
    glyph("#####|#....|####.|....#|....#|#...#|.###."),       // 5
    glyph("..##.|.#...|#....|####.|#...#|#...#|.###."),       // 6
    glyph("#####|....#|...#.|..#..|.#...|.#...|.#..."),       // 7
    glyph(".###.|#...#|#...#|.###.|#...#|#...#|.###."),       // 8
    glyph(".###.|#...#|#...#|.####|....#|...#.|.##.."),       // 9
    glyph(".....|.##..|.##..|.....|.##..|.##..|....."),       // :
    glyph(".....|.##..|.##..|.....|.##..|..#..|.#..."),       // ;
    glyph("...#.|..#..|.#...|#....|.#...|..#..|...#."),       // <
    glyph(".....|.....|#####|.....|#####|.....|....."),       // =
    glyph(".#...|..#..|...#.|....#|...#.|..#..|.#..."),       // >
    glyph(".###.|#...#|....#|...#.|..#..|.....|..#.."),       // ?
    glyph(".###.|#...#|....#|.##.#|#.#.#|#.#.#|.###."),       // @
    glyph(".###.|#...#|#...#|#####|#...#|#...#|#...#"),       // A
    glyph("####.|#...#|#...#|####.|#...#|#...#|####."),       // B
    glyph(".###.|#...#|#....|#....|#....|#...#|.###."),       // C
    glyph("###..|#..#.|#...#|#...#|#...#|#..#.|###.."),       // D
    glyph("#####|#....|#....|####.|#....|#....|#####"),       // E
    glyph("#####|#....|#....|####.|#....|#....|#...."),       // F
    glyph(".###.|#...#|#....|#.###|#...#|#...#|.####"),       // G
    glyph("#...#|#...#|#...#|#####|#...#|#...#|#...#"),       // H
    glyph(".###.|..#..|..#..|..#..|..#..|..#..|.###."),       // I
    glyph("..###|...#.|...#.|...#.|...#.|#..#.|.##.."),       // J
    glyph("#...#|#..#.|#.#..|##...|#.#..|#..#.|#...#"),       // K
    glyph("#....|#....|#....|#....|#....|#....|#####"),       // L
    glyph("#...#|##.##|#.#.#|#.#.#|#...#|#...#|#...#"),       // M
    glyph("#...#|#...#|##..#|#.#.#|#..##|#...#|#...#"),       // N
    glyph(".###.|#...#|#...#|#...#|#...#|#...#|.###."),       // O
    glyph("####.|#...#|#...#|####.|#....|#....|#...."),       // P
    glyph(".###.|#...#|#...#|#...#|#.#.#|#..#.|.##.#"),       // Q
    glyph("####.|#...#|#...#|####.|#.#..|#..#.|#...#"),       // R
    glyph(".####|#....|#....|.###.|....#|....#|####."),       // S
    glyph("#####|..#..|..#..|..#..|..#..|..#..|..#.."),       // T
    glyph("#...#|#...#|#...#|#...#|#...#|#...#|.###."),       // U
    glyph("#...#|#...#|#...#|#...#|#...#|.#.#.|..#.."),       // V
    glyph("#...#|#...#|#...#|#.#.#|#.#.#|#.#.#|.#.#."),       // W
    glyph("#...#|#...#|.#.#.|..#..|.#.#.|#...#|#...#"),       // X
    glyph("#...#|#...#|.#.#.|..#..|..#..|..#..|..#.."),       // Y
    glyph("#####|....#|...#.|..#..|.#...|#....|#####"),       // Z
    glyph(".###.|.#...|.#...|.#...|.#...|.#...|.###."),       // [
    glyph(".....|#....|.#...|..#..|...#.|....#|....."),       // backslash
    glyph(".###.|...#.|...#.|...#.|...#.|...#.|.###."),       // ]
    glyph("..#..|.#.#.|#...#|.....|.....|.....|....."),       // ^
    glyph(".....|.....|.....|.....|.....|.....|.....|#####"), // _
    glyph(".#...|..#..|...#.|.....|.....|.....|....."),       // `
    glyph(".....|.....|.###.|....#|.####|#...#|.####"),       // a
    glyph("#....|#....|####.|#...#|#...#|#...#|####."),       // b
    glyph(".....|.....|.###.|#....|#....|#...#|.###."),       // c
    glyph("....#|....#|.####|#...#|#...#|#...#|.####"),       // d
    glyph(".....|.....|.###.|#...#|#####|#....|.###."),       // e
    glyph("..##.|.#..#|.#...|###..|.#...|.#...|.#..."),       // f
    glyph(".....|.....|.####|#...#|#...#|.####|....#|.###."), // g
    glyph("#....|#....|#.##.|##..#|#...#|#...#|#...#"),       // h
    glyph("..#..|.....|.##..|..#..|..#..|..#..|.###."),       // i
    glyph("...#.|.....|..##.|...#.|...#.|...#.|#..#.|.##.."), // j
    glyph("#....|#....|#..#.|#.#..|##...|#.#..|#..#."),       // k
    glyph(".##..|..#..|..#..|..#..|..#..|..#..|.###."),       // l
    glyph(".....|.....|##.#.|#.#.#|#.#.#|#.#.#|#.#.#"),       // m
    glyph(".....|.....|#.##.|##..#|#...#|#...#|#...#"),       // n
    glyph(".....|.....|.###.|#...#|#...#|#...#|.###."),       // o
    glyph(".....|.....|####.|#...#|#...#|####.|#....|#...."), // p
    glyph(".....|.....|.####|#...#|#...#|.####|....#|....#"), // q
    glyph(".....|.....|#.##.|##..#|#....|#....|#...."),       // r
    glyph(".....|.....|.####|#....|.###.|....#|####."),       // s
    glyph(".#...|.#...|###..|.#...|.#...|.#..#|..##."),       // t
    glyph(".....|.....|#...#|#...#|#...#|#..##|.##.#"),       // u
    glyph(".....|.....|#...#|#...#|#...#|.#.#.|..#.."),       // v
    glyph(".....|.....|#...#|#...#|#.#.#|#.#.#|.#.#."),       // w
    glyph(".....|.....|#...#|.#.#.|..#..|.#.#.|#...#"),       // x
    glyph(".....|.....|#...#|#...#|#...#|.####|....#|.###."), // y
    glyph(".....|.....|#####|...#.|..#..|.#...|#####"),       // z
    glyph("...#.|..#..|..#..|.#...|..#..|..#..|...#."),       // {
    glyph("..#..|..#..|..#..|..#..|..#..|..#..|..#.."),       // |
    glyph(".#...|..#..|..#..|...#.|..#..|..#..|.#..."),       // }
    glyph(".....|.....|.#...|#.#.#|...#.|.....|....."),       // ~
];

const DEGREE: [u8; 8] = glyph(".##..|#..#.|#..#.|.##..|.....|.....|.....");
const SUPER_TWO: [u8; 8] = glyph(".##..|#..#.|..#..|.#...|####.|.....|.....");
const SUPER_THREE: [u8; 8] = glyph("###..|...#.|.##..|...#.|###..|.....|.....");
const MICRO: [u8; 8] = glyph(".....|.....|#...#|#...#|#...#|##..#|#.##.|#....");
const PLUS_MINUS: [u8; 8] = glyph("..#..|..#..|#####|..#..|..#..|.....|#####");
const TIMES: [u8; 8] = glyph(".....|#...#|.#.#.|..#..|.#.#.|#...#|.....");
const MIDDLE_DOT: [u8; 8] = glyph(".....|.....|.....|.##..|.##..|.....|.....");
const BOX: [u8; 8] = glyph("#####|#...#|#...#|#...#|#...#|#...#|#####");

/// The bitmap of `c`: one byte per row (8 rows), bit 4 = leftmost pixel. Characters without a
/// glyph get a box.
///
/// ```
/// use hazsim_io::map::font::glyph_rows;
/// assert_eq!(glyph_rows(' '), [0; 8]);
/// assert_ne!(glyph_rows('°'), glyph_rows('\u{2603}'));
/// ```
pub fn glyph_rows(c: char) -> [u8; 8] {
    match c {
        ' '..='~' => ASCII[c as usize - 32],
        '°' | 'º' => DEGREE,
        '²' => SUPER_TWO,
        '³' => SUPER_THREE,
        'µ' | 'μ' => MICRO,
        '±' => PLUS_MINUS,
        '×' => TIMES,
        '·' => MIDDLE_DOT,
        '–' | '—' | '−' => ASCII[b'-' as usize - 32],
        '\u{a0}' => ASCII[0],
        _ => BOX,
    }
}

/// True when `c` has its own glyph (it is not drawn as a box).
pub fn has_glyph(c: char) -> bool {
    glyph_rows(c) != BOX
}

/// Width in pixels of `text` drawn at `scale` (no trailing spacing).
///
/// ```
/// use hazsim_io::map::font::text_width;
/// assert_eq!(text_width("", 2), 0);
/// assert_eq!(text_width("ab", 2), 2 * (6 + 5));
/// ```
pub fn text_width(text: &str, scale: u32) -> u32 {
    let n = text.chars().count() as u32;
    if n == 0 {
        0
    } else {
        (n * ADVANCE - (ADVANCE - GLYPH_WIDTH)) * scale
    }
}

/// Height in pixels of a line of text at `scale`, including descenders.
pub fn text_height(scale: u32) -> u32 {
    GLYPH_HEIGHT * scale
}

/// Draw `text` with its top-left corner at (`x`, `y`), each font pixel a `scale`×`scale` block of
/// `color`, clipped to `clip` (or to the image when `None`).
pub fn draw_text(
    img: &mut RgbaImage,
    x: i64,
    y: i64,
    text: &str,
    scale: u32,
    color: [u8; 4],
    clip: Option<Rect>,
) {
    let clip = clip.unwrap_or_else(|| img.rect());
    let s = scale.max(1) as i64;
    for (i, c) in text.chars().enumerate() {
        let gx = x + i as i64 * ADVANCE as i64 * s;
        for (row, bits) in glyph_rows(c).iter().enumerate() {
            for col in 0..GLYPH_WIDTH as i64 {
                if bits & (1 << (4 - col)) != 0 {
                    img.fill_rect_clipped(gx + col * s, y + row as i64 * s, s, s, color, clip);
                }
            }
        }
    }
}

/// Draw `text` like [`draw_text`], on a one-font-pixel halo of `halo` colour so it stays legible
/// over any background.
#[allow(clippy::too_many_arguments)]
pub fn draw_text_with_halo(
    img: &mut RgbaImage,
    x: i64,
    y: i64,
    text: &str,
    scale: u32,
    color: [u8; 4],
    halo: [u8; 4],
    clip: Option<Rect>,
) {
    let s = scale.max(1) as i64;
    for (dx, dy) in [
        (-1, -1),
        (0, -1),
        (1, -1),
        (-1, 0),
        (1, 0),
        (-1, 1),
        (0, 1),
        (1, 1),
    ] {
        draw_text(img, x + dx * s, y + dy * s, text, scale, halo, clip);
    }
    draw_text(img, x, y, text, scale, color, clip);
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn printable_ascii_has_distinct_glyphs() {
        let mut seen = std::collections::HashMap::new();
        for c in '!'..='~' {
            let g = glyph_rows(c);
            assert_ne!(g, [0; 8], "{c} is blank");
            assert_ne!(g, BOX, "{c} is a box");
            if let Some(other) = seen.insert(g, c) {
                panic!("{c} and {other} share a glyph");
            }
        }
        assert!(has_glyph('°') && has_glyph('²') && has_glyph('³') && has_glyph('µ'));
        assert!(!has_glyph('€'));
    }

    #[test]
    fn descenders_only_where_expected() {
        for c in ' '..='~' {
            let has_desc = glyph_rows(c)[7] != 0;
            assert_eq!(has_desc, ",_gjpqy".contains(c), "{c}");
        }
    }

    #[test]
    fn text_is_drawn_in_the_given_colour() {
        let mut img = RgbaImage::filled(40, 20, [255, 255, 255, 255]);
        draw_text(&mut img, 1, 1, "Hi", 2, [0, 0, 0, 255], None);
        let dark = img.pixels.chunks(4).filter(|p| p[0] == 0).count();
        assert!(dark > 30, "{dark}");
        // 'H' has its left stem at column 0: pixel (1, 1) is inked.
        assert_eq!(img.pixel(1, 1), Some([0, 0, 0, 255]));
    }
}
