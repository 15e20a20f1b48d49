//! [`RgbaImage`]: the 8-bit RGBA canvas maps are drawn on, its drawing primitives and PNG output.

use crate::{Error, Result};
use std::path::Path;

/// An 8-bit RGBA image, rows top to bottom, 4 bytes per pixel, not premultiplied.
///
/// ```
/// use hazsim_io::map::RgbaImage;
/// let mut img = RgbaImage::new(3, 2);
/// assert_eq!(img.pixel(2, 1), Some([0, 0, 0, 0]));
/// img.set(2, 1, [10, 20, 30, 255]);
/// assert_eq!(img.pixel(2, 1), Some([10, 20, 30, 255]));
/// assert_eq!(img.pixel(3, 0), None);
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RgbaImage {
    /// Width in pixels.
    pub width: u32,
    /// Height in pixels.
    pub height: u32,
    /// `width × height × 4` bytes: R, G, B, A for each pixel, row by row.
    pub pixels: Vec<u8>,
}

/// An axis-aligned pixel rectangle: `x0..x1` × `y0..y1` (end-exclusive).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Rect {
    /// Left edge (inclusive).
    pub x0: i64,
    /// Top edge (inclusive).
    pub y0: i64,
    /// Right edge (exclusive).
    pub x1: i64,
    /// Bottom edge (exclusive).
    pub y1: i64,
}

impl Rect {
    /// The rectangle with top-left corner (`x`, `y`) and the given size.
    pub fn new(x: i64, y: i64, width: i64, height: i64) -> Self {
        Rect {
            x0: x,
            y0: y,
            x1: x + width,
            y1: y + height,
        }
    }

    /// True when pixel (x, y) lies inside.
    pub fn contains(&self, x: i64, y: i64) -> bool {
        x >= self.x0 && x < self.x1 && y >= self.y0 && y < self.y1
    }

    /// The overlap of two rectangles (possibly empty).
    pub fn intersect(&self, o: &Rect) -> Rect {
        Rect {
            x0: self.x0.max(o.x0),
            y0: self.y0.max(o.y0),
            x1: self.x1.min(o.x1),
            y1: self.y1.min(o.y1),
        }
    }

    /// Width (0 when empty).
    pub fn width(&self) -> i64 {
        (self.x1 - self.x0).max(0)
    }

    /// Height (0 when empty).
    pub fn height(&self) -> i64 {
        (self.y1 - self.y0).max(0)
    }
}

impl RgbaImage {
    /// A fully transparent image.
    pub fn new(width: u32, height: u32) -> Self {
        RgbaImage::filled(width, height, [0, 0, 0, 0])
    }

    /// An image filled with one colour.
    pub fn filled(width: u32, height: u32, rgba: [u8; 4]) -> Self {
        let n = width as usize * height as usize;
        let mut pixels = Vec::with_capacity(n * 4);
        for _ in 0..n {
            pixels.extend_from_slice(&rgba);
        }
        RgbaImage {
            width,
            height,
            pixels,
        }
    }

    /// The whole image as a rectangle.
    pub fn rect(&self) -> Rect {
        Rect::new(0, 0, self.width as i64, self.height as i64)
    }

    fn offset(&self, x: i64, y: i64) -> Option<usize> {
        (x >= 0 && y >= 0 && x < self.width as i64 && y < self.height as i64)
            .then(|| (y as usize * self.width as usize + x as usize) * 4)
    }

    /// The pixel at (x, y), or `None` outside the image.
    pub fn pixel(&self, x: u32, y: u32) -> Option<[u8; 4]> {
        let o = self.offset(x as i64, y as i64)?;
        Some([
            self.pixels[o],
            self.pixels[o + 1],
            self.pixels[o + 2],
            self.pixels[o + 3],
        ])
    }

    /// Set the pixel at (x, y); positions outside the image are ignored.
    pub fn set(&mut self, x: i64, y: i64, rgba: [u8; 4]) {
        if let Some(o) = self.offset(x, y) {
            self.pixels[o..o + 4].copy_from_slice(&rgba);
        }
    }

    /// Fill a rectangle with one colour, clipped to the image.
    pub fn fill_rect(&mut self, x: i64, y: i64, w: i64, h: i64, rgba: [u8; 4]) {
        let r = self.rect();
        self.fill_rect_clipped(x, y, w, h, rgba, r);
    }

    /// Fill a rectangle with one colour, clipped to `clip` and to the image.
    pub fn fill_rect_clipped(&mut self, x: i64, y: i64, w: i64, h: i64, rgba: [u8; 4], clip: Rect) {
        let r = Rect::new(x, y, w, h)
            .intersect(&clip)
            .intersect(&self.rect());
        for yy in r.y0..r.y1 {
            for xx in r.x0..r.x1 {
                self.set(xx, yy, rgba);
            }
        }
    }

    /// Draw a one-pixel rectangle outline.
    pub fn stroke_rect(&mut self, x: i64, y: i64, w: i64, h: i64, rgba: [u8; 4]) {
        if w <= 0 || h <= 0 {
            return;
        }
        self.fill_rect(x, y, w, 1, rgba);
        self.fill_rect(x, y + h - 1, w, 1, rgba);
        self.fill_rect(x, y, 1, h, rgba);
        self.fill_rect(x + w - 1, y, 1, h, rgba);
    }

    /// Fill a disc of radius `r` pixels centred on (cx, cy), clipped to `clip`.
    pub fn fill_disc(&mut self, cx: f64, cy: f64, r: f64, rgba: [u8; 4], clip: Rect) {
        let clip = clip.intersect(&self.rect());
        let (x0, x1) = ((cx - r).floor() as i64, (cx + r).ceil() as i64);
        let (y0, y1) = ((cy - r).floor() as i64, (cy + r).ceil() as i64);
        let r2 = r * r;
        for y in y0.max(clip.y0)..=y1.min(clip.y1 - 1) {
            for x in x0.max(clip.x0)..=x1.min(clip.x1 - 1) {
                let (dx, dy) = (x as f64 + 0.5 - cx, y as f64 + 0.5 - cy);
                if dx * dx + dy * dy <= r2 {
                    self.set(x, y, rgba);
                }
            }
        }
    }

    /// Draw a straight line from `a` to `b` (pixel coordinates, pixel centres at +0.5), `width`
    /// pixels thick, clipped to `clip`. Segments far outside the clip rectangle cost nothing.
    pub fn draw_line(
        &mut self,
        a: (f64, f64),
        b: (f64, f64),
        width: f64,
        rgba: [u8; 4],
        clip: Rect,
    ) {
        let clip = clip.intersect(&self.rect());
        if clip.width() == 0 || clip.height() == 0 {
            return;
        }
        let half = (width.max(1.0)) / 2.0;
        // Clip the segment to the rectangle grown by the stroke's half width.
        let grow = half + 1.0;
        let Some((a, b)) = clip_segment(
            a,
            b,
            (clip.x0 as f64 - grow, clip.y0 as f64 - grow),
            (clip.x1 as f64 + grow, clip.y1 as f64 + grow),
        ) else {
            return;
        };
        let (x0, y0) = (a.0.floor() as i64, a.1.floor() as i64);
        let (x1, y1) = (b.0.floor() as i64, b.1.floor() as i64);
        // Bresenham over the pixel grid, stamping a square (thin) or a disc (thick) per step.
        let (dx, dy) = ((x1 - x0).abs(), -(y1 - y0).abs());
        let (sx, sy) = (if x0 < x1 { 1 } else { -1 }, if y0 < y1 { 1 } else { -1 });
        let (mut x, mut y, mut err) = (x0, y0, dx + dy);
        loop {
            if width <= 1.5 {
                if clip.contains(x, y) {
                    self.set(x, y, rgba);
                }
            } else {
                self.fill_disc(x as f64 + 0.5, y as f64 + 0.5, half, rgba, clip);
            }
            if x == x1 && y == y1 {
                break;
            }
            let e2 = 2 * err;
            if e2 >= dy {
                err += dy;
                x += sx;
            }
            if e2 <= dx {
                err += dx;
                y += sy;
            }
        }
    }

    /// Blend `rgb` over the pixel at (x, y) with opacity `alpha` (0..1), "over" compositing.
    pub fn blend(&mut self, x: i64, y: i64, rgb: [u8; 3], alpha: f32) {
        let Some(o) = self.offset(x, y) else { return };
        let a_src = alpha.clamp(0.0, 1.0);
        let a_dst = self.pixels[o + 3] as f32 / 255.0;
        let a_out = a_src + a_dst * (1.0 - a_src);
        if a_out <= 0.0 {
            return;
        }
        for (i, &c) in rgb.iter().enumerate() {
            let d = self.pixels[o + i] as f32;
            let v = (c as f32 * a_src + d * a_dst * (1.0 - a_src)) / a_out;
            self.pixels[o + i] = v.round().clamp(0.0, 255.0) as u8;
        }
        self.pixels[o + 3] = (a_out * 255.0).round() as u8;
    }

    /// Encode as an 8-bit RGBA PNG.
    pub fn encode_png(&self) -> Result<Vec<u8>> {
        let mut out = Vec::new();
        self.write_png_to(&mut out).map_err(|e| {
            Error::param(
                "image",
                format!("{}×{}", self.width, self.height),
                &format!("an image the PNG encoder accepts ({e})"),
            )
        })?;
        Ok(out)
    }

    fn write_png_to<W: std::io::Write>(&self, w: W) -> std::result::Result<(), png::EncodingError> {
        let mut enc = png::Encoder::new(w, self.width, self.height);
        enc.set_color(png::ColorType::Rgba);
        enc.set_depth(png::BitDepth::Eight);
        enc.set_compression(png::Compression::Balanced);
        let mut writer = enc.write_header()?;
        writer.write_image_data(&self.pixels)?;
        writer.finish()
    }

    /// Write as a PNG file (atomically: a temporary file in the same folder, then a rename).
    pub fn write_png(&self, path: impl AsRef<Path>) -> Result<()> {
        write_png(self, path)
    }
}

/// Write `image` as an 8-bit RGBA PNG at `path`. The file is written to a temporary name in
/// the same folder and renamed into place, so a failed write never leaves a half-written PNG.
///
/// ```
/// use hazsim_io::map::{write_png, RgbaImage};
/// let dir = tempfile::tempdir().unwrap();
/// let path = dir.path().join("blank.png");
/// write_png(&RgbaImage::filled(4, 4, [255, 255, 255, 255]), &path).unwrap();
/// assert!(std::fs::read(&path).unwrap().starts_with(b"\x89PNG"));
/// ```
pub fn write_png(image: &RgbaImage, path: impl AsRef<Path>) -> Result<()> {
    let expected = image.width as usize * image.height as usize * 4;
    if image.pixels.len() != expected || image.width == 0 || image.height == 0 {
        return Err(Error::param(
            "image",
            format!(
                "{}×{} with {} bytes",
                image.width,
                image.height,
                image.pixels.len()
            ),
            &format!("a non-empty image with width × height × 4 = {expected} bytes"),
        ));
    }
    let bytes = image.encode_png()?;
    crate::vector::write_atomically(path.as_ref(), |w| w.write_all(&bytes))
}

/// Liang–Barsky clipping of segment `a`–`b` to the box `lo`..`hi`; `None` when it misses.
fn clip_segment(
    a: (f64, f64),
    b: (f64, f64),
    lo: (f64, f64),
    hi: (f64, f64),
) -> Option<((f64, f64), (f64, f64))> {
    if !(a.0.is_finite() && a.1.is_finite() && b.0.is_finite() && b.1.is_finite()) {
        return None;
    }
    let (dx, dy) = (b.0 - a.0, b.1 - a.1);
    let (mut t0, mut t1) = (0.0f64, 1.0f64);
    for (p, q) in [
        (-dx, a.0 - lo.0),
        (dx, hi.0 - a.0),
        (-dy, a.1 - lo.1),
        (dy, hi.1 - a.1),
    ] {
        if p == 0.0 {
            if q < 0.0 {
                return None;
            }
        } else {
            let r = q / p;
            if p < 0.0 {
                t0 = t0.max(r);
            } else {
                t1 = t1.min(r);
            }
            if t0 > t1 {
                return None;
            }
        }
    }
    Some((
        (a.0 + t0 * dx, a.1 + t0 * dy),
        (a.0 + t1 * dx, a.1 + t1 * dy),
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn line_covers_its_endpoints_and_is_clipped() {
        let mut img = RgbaImage::new(20, 10);
        let clip = Rect::new(0, 0, 10, 10);
        img.draw_line((0.5, 0.5), (19.5, 9.5), 1.0, [255, 0, 0, 255], clip);
        assert_eq!(img.pixel(0, 0), Some([255, 0, 0, 255]));
        for x in 10..20 {
            for y in 0..10 {
                assert_eq!(img.pixel(x, y).unwrap()[3], 0, "({x},{y}) outside the clip");
            }
        }
        // A segment far away draws nothing and returns quickly.
        img.draw_line(
            (-1e12, -1e12),
            (-1e12 + 1.0, 1e12),
            3.0,
            [0, 0, 255, 255],
            clip,
        );
    }

    #[test]
    fn blend_over_opaque_and_transparent() {
        let mut img = RgbaImage::filled(2, 1, [100, 100, 100, 255]);
        img.set(1, 0, [0, 0, 0, 0]);
        img.blend(0, 0, [200, 0, 0], 0.5);
        img.blend(1, 0, [200, 0, 0], 0.5);
        assert_eq!(img.pixel(0, 0), Some([150, 50, 50, 255]));
        assert_eq!(img.pixel(1, 0), Some([200, 0, 0, 128]));
    }

    #[test]
    fn png_round_trip_header() {
        let img = RgbaImage::filled(3, 2, [1, 2, 3, 4]);
        let bytes = img.encode_png().unwrap();
        assert_eq!(&bytes[..8], b"\x89PNG\r\n\x1a\n");
    }
}
