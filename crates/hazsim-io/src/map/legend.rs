//! Map furniture: the colour bar with round-number ticks, the categorical legend, the scale bar
//! and the north arrow. Each piece reports its size first so the page can be laid out before
//! anything is drawn, and nothing overlaps.

use super::canvas::RgbaImage;
use super::colormap::Colormap;
use super::font::{self, draw_text, text_width};

/// Scale of legend text (font pixels to image pixels).
pub(crate) const TEXT_SCALE: u32 = 2;
/// Dark grey used for text, ticks and outlines.
pub(crate) const INK: [u8; 4] = [34, 34, 34, 255];
const WHITE: [u8; 4] = [255, 255, 255, 255];
const BAR_WIDTH: i64 = 22;
const TICK_LEN: i64 = 6;
/// Space between a tick mark and its label: wider than the font's letter spacing, so a tick
/// never reads as a minus sign.
const LABEL_GAP: i64 = 9;

/// Mapping from data values to 0..1 along the colormap: linear or logarithmic between `vmin`
/// and `vmax`, clamped at both ends.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) struct Norm {
    pub vmin: f64,
    pub vmax: f64,
    pub log: bool,
}

impl Norm {
    /// The fraction for `v`; `None` for values a log scale cannot show (≤ 0) or NaN.
    pub fn t(&self, v: f64) -> Option<f32> {
        if v.is_nan() {
            return None;
        }
        let t = if self.log {
            if v <= 0.0 {
                return None;
            }
            (v.ln() - self.vmin.ln()) / (self.vmax.ln() - self.vmin.ln())
        } else {
            (v - self.vmin) / (self.vmax - self.vmin)
        };
        Some(t.clamp(0.0, 1.0) as f32)
    }
}

/// Round tick values covering `lo..=hi`: steps of 1, 2 or 5 × 10ⁿ, about `target` of them; for
/// a log scale, powers of ten (or 1-2-5 multiples when the range spans less than two decades).
pub(crate) fn nice_ticks(lo: f64, hi: f64, log: bool, target: usize) -> Vec<f64> {
    if !(lo.is_finite() && hi.is_finite()) || hi <= lo {
        return vec![lo];
    }
    if log && lo > 0.0 {
        let inside = |v: f64| v >= lo * (1.0 - 1e-9) && v <= hi * (1.0 + 1e-9);
        let (a, b) = (lo.log10().floor() as i32, hi.log10().ceil() as i32);
        let decades: Vec<f64> = (a..=b)
            .map(|k| 10f64.powi(k))
            .filter(|&v| inside(v))
            .collect();
        if decades.len() >= 2 {
            let every = decades.len().div_ceil(target.max(2));
            return decades.into_iter().step_by(every).collect();
        }
        let multiples: Vec<f64> = (a..=b)
            .flat_map(|k| [1.0, 2.0, 5.0].map(|m| m * 10f64.powi(k)))
            .filter(|&v| inside(v))
            .collect();
        if (2..=target + 3).contains(&multiples.len()) {
            return multiples;
        }
    }
    let step = nice_step((hi - lo) / (target.max(2) - 1) as f64);
    let first = (lo / step - 1e-9).ceil();
    let last = (hi / step + 1e-9).floor();
    let n = (last - first) as i64;
    (0..=n.clamp(0, 50))
        .map(|i| {
            let v = (first + i as f64) * step;
            // Snap values like 0.30000000000000004 to the step's grid.
            if v.abs() < step * 1e-9 {
                0.0
            } else {
                v
            }
        })
        .collect()
}

/// The 1-2-5 × 10ⁿ number nearest to `raw` (Heckbert's "nice numbers").
fn nice_step(raw: f64) -> f64 {
    let mag = 10f64.powf(raw.log10().floor());
    let f = raw / mag;
    let nice = if f < 1.5 {
        1.0
    } else if f < 3.0 {
        2.0
    } else if f < 7.0 {
        5.0
    } else {
        10.0
    };
    nice * mag
}

/// Tick label for `v` on a grid of spacing `step`: as few decimals as the step needs,
/// exponent notation for very large or small magnitudes.
pub(crate) fn format_tick(v: f64, step: f64) -> String {
    if v == 0.0 || !v.is_finite() {
        return if v.is_finite() {
            "0".into()
        } else {
            v.to_string()
        };
    }
    let step = if step > 0.0 && step.is_finite() {
        step
    } else {
        v.abs()
    };
    let av = v.abs();
    if av < step * 1e-5 {
        return "0".into();
    }
    let s = if !(1e-4..1e6).contains(&av) {
        let e = av.log10().floor();
        let mant = v / 10f64.powf(e);
        let digits = (e - step.log10().floor()).clamp(0.0, 6.0) as usize;
        let mut m = format!("{mant:.digits$}");
        if m.contains('.') {
            m = m.trim_end_matches('0').trim_end_matches('.').to_string();
        }
        format!("{m}e{}", e as i64)
    } else {
        let decimals = (-(step.log10() + 1e-9).floor()).clamp(0.0, 8.0) as usize;
        format!("{v:.decimals$}")
    };
    if s.trim_start_matches('-')
        .chars()
        .all(|c| c == '0' || c == '.')
    {
        "0".into()
    } else {
        s
    }
}

/// A vertical colour bar with tick labels and a units heading.
pub(crate) struct ColorBar {
    pub colormap: Colormap,
    pub norm: Norm,
    pub heading: String,
    pub ticks: Vec<(f64, String)>,
    pub bar_height: i64,
}

impl ColorBar {
    pub fn new(colormap: Colormap, norm: Norm, heading: &str, bar_height: i64) -> Self {
        let values = nice_ticks(norm.vmin, norm.vmax, norm.log, 5);
        let step = if values.len() >= 2 {
            values[1] - values[0]
        } else {
            (norm.vmax - norm.vmin).abs()
        };
        let ticks = values
            .into_iter()
            .map(|v| (v, format_tick(v, if norm.log { v } else { step })))
            .collect();
        ColorBar {
            colormap,
            norm,
            heading: heading.trim().to_string(),
            ticks,
            bar_height,
        }
    }

    fn heading_height(&self) -> i64 {
        if self.heading.is_empty() {
            // Room for the top tick label's upper half.
            (font::CAP_HEIGHT * TEXT_SCALE / 2) as i64
        } else {
            font::text_height(TEXT_SCALE) as i64 + 12
        }
    }

    /// (width, height) in pixels.
    pub fn size(&self) -> (i64, i64) {
        let label_w = self
            .ticks
            .iter()
            .map(|(_, l)| text_width(l, TEXT_SCALE))
            .max()
            .unwrap_or(0) as i64;
        let w = (BAR_WIDTH + TICK_LEN + LABEL_GAP + label_w)
            .max(text_width(&self.heading, TEXT_SCALE) as i64);
        let h = self.heading_height()
            + self.bar_height
            + (font::CAP_HEIGHT * TEXT_SCALE / 2) as i64
            + 2;
        (w, h)
    }

    /// The bar's pixel rectangle (x, y, w, h) when the legend's top-left corner is (x, y).
    pub fn bar_rect(&self, x: i64, y: i64) -> (i64, i64, i64, i64) {
        (x, y + self.heading_height(), BAR_WIDTH, self.bar_height)
    }

    pub fn draw(&self, img: &mut RgbaImage, x: i64, y: i64) {
        if !self.heading.is_empty() {
            draw_text(img, x, y, &self.heading, TEXT_SCALE, INK, None);
        }
        let (bx, by, bw, bh) = self.bar_rect(x, y);
        let lut = self.colormap.lut(1024);
        for i in 0..bh {
            // Top row is t = 1.
            let t = 1.0 - (i as f64 + 0.5) / bh as f64;
            let c = lut[(t * 1023.0).round() as usize];
            img.fill_rect(bx, by + i, bw, 1, [c[0], c[1], c[2], 255]);
        }
        img.stroke_rect(bx - 1, by - 1, bw + 2, bh + 2, INK);
        let half_cap = (font::CAP_HEIGHT * TEXT_SCALE / 2) as i64;
        for (v, label) in &self.ticks {
            let Some(t) = self.norm.t(*v) else { continue };
            let ty = by + bh - 1 - (t as f64 * (bh - 1) as f64).round() as i64;
            img.fill_rect(bx + bw, ty, TICK_LEN, 1, INK);
            draw_text(
                img,
                bx + bw + TICK_LEN + LABEL_GAP,
                ty - half_cap,
                label,
                TEXT_SCALE,
                INK,
                None,
            );
        }
    }
}

/// A list of colour swatches with labels, for class rasters.
pub(crate) struct ClassLegend {
    pub heading: String,
    pub entries: Vec<([u8; 3], String)>,
}

const SWATCH_W: i64 = 26;
const SWATCH_H: i64 = 18;
const ROW_H: i64 = 26;

impl ClassLegend {
    fn heading_height(&self) -> i64 {
        if self.heading.is_empty() {
            0
        } else {
            font::text_height(TEXT_SCALE) as i64 + 10
        }
    }

    pub fn size(&self) -> (i64, i64) {
        let label_w = self
            .entries
            .iter()
            .map(|(_, l)| text_width(l, TEXT_SCALE))
            .max()
            .unwrap_or(0) as i64;
        let w = (SWATCH_W + 10 + label_w).max(text_width(&self.heading, TEXT_SCALE) as i64);
        (w, self.heading_height() + ROW_H * self.entries.len() as i64)
    }

    /// (width, height) of a swatch.
    pub fn swatch_size() -> (i64, i64) {
        (SWATCH_W, SWATCH_H)
    }

    /// Top-left corner of swatch `i` when the legend is drawn at (x, y).
    pub fn swatch_origin(&self, x: i64, y: i64, i: usize) -> (i64, i64) {
        (x, y + self.heading_height() + ROW_H * i as i64)
    }

    pub fn draw(&self, img: &mut RgbaImage, x: i64, y: i64) {
        if !self.heading.is_empty() {
            draw_text(img, x, y, &self.heading, TEXT_SCALE, INK, None);
        }
        let cap = (font::CAP_HEIGHT * TEXT_SCALE) as i64;
        for (i, (c, label)) in self.entries.iter().enumerate() {
            let (sx, sy) = self.swatch_origin(x, y, i);
            img.fill_rect(sx, sy, SWATCH_W, SWATCH_H, [c[0], c[1], c[2], 255]);
            img.stroke_rect(sx, sy, SWATCH_W, SWATCH_H, INK);
            draw_text(
                img,
                sx + SWATCH_W + 10,
                sy + (SWATCH_H - cap) / 2,
                label,
                TEXT_SCALE,
                INK,
                None,
            );
        }
    }
}

/// A scale bar: alternating dark and white segments with "0" and the length under its ends.
pub(crate) struct ScaleBar {
    pub length_px: i64,
    pub label: String,
    pub segments: i64,
}

const SCALE_BAR_H: i64 = 8;

impl ScaleBar {
    /// A bar of a round length close to `target_px` pixels, or `None` when no round length fits
    /// between 30 px and `max_px`. `units_per_px` is the ground size of one pixel in CRS units;
    /// `degrees` labels in degrees instead of metres/kilometres.
    pub fn new(units_per_px: f64, target_px: f64, max_px: f64, degrees: bool) -> Option<Self> {
        if !(units_per_px.is_finite() && units_per_px > 0.0) {
            return None;
        }
        let target = target_px * units_per_px;
        let mag = 10f64.powf(target.log10().floor());
        let length = [5.0, 2.0, 1.0]
            .iter()
            .map(|m| m * mag)
            .find(|&l| l <= target)
            .unwrap_or(mag);
        let px = (length / units_per_px).round();
        if !(30.0..=max_px).contains(&px) {
            return None;
        }
        let label = if degrees {
            format!("{}°", format_tick(length, length))
        } else if length >= 1000.0 {
            format!("{} km", format_tick(length / 1000.0, length / 1000.0))
        } else {
            format!("{} m", format_tick(length, length))
        };
        Some(ScaleBar {
            length_px: px as i64,
            label,
            segments: if px >= 100.0 { 4 } else { 2 },
        })
    }

    /// (width, height) including labels; labels may hang half their width past the bar's ends.
    pub fn size(&self) -> (i64, i64) {
        let w = self.length_px + text_width(&self.label, TEXT_SCALE) as i64 / 2 + 2;
        (w, SCALE_BAR_H + 6 + font::text_height(TEXT_SCALE) as i64)
    }

    pub fn draw(&self, img: &mut RgbaImage, x: i64, y: i64) {
        let seg = self.length_px as f64 / self.segments as f64;
        for i in 0..self.segments {
            let x0 = x + (i as f64 * seg).round() as i64;
            let x1 = x + ((i + 1) as f64 * seg).round() as i64;
            let c = if i % 2 == 0 { INK } else { WHITE };
            img.fill_rect(x0, y, x1 - x0, SCALE_BAR_H, c);
        }
        img.stroke_rect(x, y, self.length_px + 1, SCALE_BAR_H, INK);
        let ty = y + SCALE_BAR_H + 6;
        let zero_w = text_width("0", TEXT_SCALE) as i64;
        draw_text(img, x - zero_w / 2, ty, "0", TEXT_SCALE, INK, None);
        let lw = text_width(&self.label, TEXT_SCALE) as i64;
        draw_text(
            img,
            x + self.length_px - lw / 2,
            ty,
            &self.label,
            TEXT_SCALE,
            INK,
            None,
        );
    }
}

/// North arrow: an "N" over an upward arrowhead, half dark and half white.
pub(crate) struct NorthArrow;

const ARROW_W: i64 = 20;
const ARROW_H: i64 = 30;

impl NorthArrow {
    pub fn size(&self) -> (i64, i64) {
        (ARROW_W, font::text_height(TEXT_SCALE) as i64 + 2 + ARROW_H)
    }

    pub fn draw(&self, img: &mut RgbaImage, x: i64, y: i64) {
        let nw = text_width("N", TEXT_SCALE) as i64;
        draw_text(img, x + (ARROW_W - nw) / 2, y, "N", TEXT_SCALE, INK, None);
        let top = y + font::text_height(TEXT_SCALE) as i64 + 2;
        let cx = x + ARROW_W / 2;
        for dy in 0..ARROW_H {
            // The arrowhead widens linearly from the tip to the base.
            let half = ((dy + 1) as f64 * (ARROW_W as f64 / 2.0) / ARROW_H as f64).round() as i64;
            img.fill_rect(cx - half, top + dy, half, 1, INK);
            img.fill_rect(cx, top + dy, half, 1, WHITE);
            img.set(cx + half - 1, top + dy, INK);
        }
        img.fill_rect(cx, top + ARROW_H - 1, ARROW_W / 2, 1, INK);
        img.fill_rect(cx, top, 1, ARROW_H, INK);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ticks_are_round_and_inside() {
        let t = nice_ticks(0.013, 2.71, false, 5);
        assert_eq!(t, vec![0.5, 1.0, 1.5, 2.0, 2.5]);
        let t = nice_ticks(-3.0, 3.0, false, 5);
        assert!(t.contains(&0.0) && t.len() >= 3);
        let t = nice_ticks(0.001, 1000.0, true, 5);
        assert_eq!(t, vec![0.001, 0.1, 10.0, 1000.0]);
        let t = nice_ticks(1.5, 30.0, true, 5);
        assert_eq!(t, vec![2.0, 5.0, 10.0, 20.0]);
    }

    #[test]
    fn tick_labels() {
        assert_eq!(format_tick(0.5, 0.5), "0.5");
        assert_eq!(format_tick(1500.0, 500.0), "1500");
        assert_eq!(format_tick(0.30000000000000004, 0.1), "0.3");
        assert_eq!(format_tick(2e6, 1e6), "2e6");
        assert_eq!(format_tick(2.5e-5, 5e-6), "2.5e-5");
        assert_eq!(format_tick(-0.0000001, 0.1), "0");
    }

    #[test]
    fn scale_bar_lengths_are_round() {
        let sb = ScaleBar::new(10.0, 160.0, 400.0, false).unwrap();
        assert_eq!((sb.length_px, sb.label.as_str()), (100, "1 km"));
        let sb = ScaleBar::new(0.5, 160.0, 400.0, false).unwrap();
        assert_eq!(sb.label, "50 m");
        assert!(ScaleBar::new(10.0, 20.0, 400.0, false).is_none());
    }
}
