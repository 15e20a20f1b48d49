//! The Oklab perceptual colour space (Björn Ottosson, "A perceptual color space for image
//! processing", 2020), used to build and check hazsim's colormaps.
//!
//! Oklab has a lightness axis `L` (0 = black, 1 = white) and two opponent axes `a` (green–red)
//! and `b` (blue–yellow). Straight lines in Oklab look like even colour ramps, so colormaps are
//! interpolated here rather than in sRGB. Conversions follow the published matrices: sRGB is
//! first linearised with the sRGB transfer function, mapped to cone-like LMS responses, passed
//! through a cube root and mixed into L, a, b.

/// A colour in Oklab coordinates.
///
/// ```
/// use hazsim_io::map::Oklab;
/// let white = Oklab::from_srgb8([255, 255, 255]);
/// assert!((white.l - 1.0).abs() < 1e-3 && white.a.abs() < 1e-3 && white.b.abs() < 1e-3);
/// assert_eq!(white.to_srgb8(), [255, 255, 255]);
/// ```
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Oklab {
    /// Perceived lightness, 0 (black) to 1 (white).
    pub l: f32,
    /// Green (negative) to red (positive).
    pub a: f32,
    /// Blue (negative) to yellow (positive).
    pub b: f32,
}

/// sRGB transfer function, encoded 0..1 -> linear light 0..1.
fn srgb_to_linear(c: f32) -> f32 {
    if c <= 0.04045 {
        c / 12.92
    } else {
        ((c + 0.055) / 1.055).powf(2.4)
    }
}

/// Inverse sRGB transfer function, linear light 0..1 -> encoded 0..1.
fn linear_to_srgb(c: f32) -> f32 {
    if c <= 0.003_130_8 {
        12.92 * c
    } else {
        1.055 * c.powf(1.0 / 2.4) - 0.055
    }
}

impl Oklab {
    /// A colour from its lightness `l`, chroma `c` and hue angle `h_deg` (degrees; the polar
    /// form "OKLCh").
    pub fn from_lch(l: f32, c: f32, h_deg: f32) -> Self {
        let h = h_deg.to_radians();
        Oklab {
            l,
            a: c * h.cos(),
            b: c * h.sin(),
        }
    }

    /// Chroma (distance from the grey axis).
    pub fn chroma(&self) -> f32 {
        self.a.hypot(self.b)
    }

    /// Convert linear-light sRGB (each 0..1) to Oklab.
    pub fn from_linear_srgb(rgb: [f32; 3]) -> Self {
        let [r, g, b] = rgb;
        let l = 0.412_221_47 * r + 0.536_332_55 * g + 0.051_445_995 * b;
        let m = 0.211_903_5 * r + 0.680_699_5 * g + 0.107_396_96 * b;
        let s = 0.088_302_46 * r + 0.281_718_85 * g + 0.629_978_7 * b;
        let (l, m, s) = (l.cbrt(), m.cbrt(), s.cbrt());
        Oklab {
            l: 0.210_454_26 * l + 0.793_617_8 * m - 0.004_072_047 * s,
            a: 1.977_998_5 * l - 2.428_592_2 * m + 0.450_593_7 * s,
            b: 0.025_904_037 * l + 0.782_771_77 * m - 0.808_675_77 * s,
        }
    }

    /// Convert to linear-light sRGB; components may fall outside 0..1 when the colour is out of
    /// the sRGB gamut.
    pub fn to_linear_srgb(&self) -> [f32; 3] {
        let l = self.l + 0.396_337_78 * self.a + 0.215_803_76 * self.b;
        let m = self.l - 0.105_561_346 * self.a - 0.063_854_17 * self.b;
        let s = self.l - 0.089_484_18 * self.a - 1.291_485_5 * self.b;
        let (l, m, s) = (l * l * l, m * m * m, s * s * s);
        [
            4.076_741_7 * l - 3.307_711_6 * m + 0.230_969_94 * s,
            -1.268_438 * l + 2.609_757_4 * m - 0.341_319_38 * s,
            -0.004_196_086_3 * l - 0.703_418_6 * m + 1.707_614_7 * s,
        ]
    }

    /// Convert an 8-bit sRGB colour to Oklab.
    pub fn from_srgb8(rgb: [u8; 3]) -> Self {
        Oklab::from_linear_srgb(rgb.map(|c| srgb_to_linear(c as f32 / 255.0)))
    }

    /// True when the colour lies inside the sRGB gamut (to a small tolerance).
    pub fn in_gamut(&self) -> bool {
        self.to_linear_srgb()
            .iter()
            .all(|&c| (-1e-4..=1.0 + 1e-4).contains(&c))
    }

    /// The closest in-gamut colour with the same lightness and hue: chroma is reduced until the
    /// colour fits in sRGB. Lightness is clamped to 0..1.
    pub fn gamut_mapped(&self) -> Oklab {
        let l = self.l.clamp(0.0, 1.0);
        let base = Oklab { l, ..*self };
        if base.in_gamut() {
            return base;
        }
        // Bisection on the chroma scale factor: grey (factor 0) is always in gamut.
        let (mut lo, mut hi) = (0.0f32, 1.0f32);
        for _ in 0..24 {
            let mid = 0.5 * (lo + hi);
            let c = Oklab {
                l,
                a: self.a * mid,
                b: self.b * mid,
            };
            if c.in_gamut() {
                lo = mid;
            } else {
                hi = mid;
            }
        }
        Oklab {
            l,
            a: self.a * lo,
            b: self.b * lo,
        }
    }

    /// Convert to 8-bit sRGB, mapping out-of-gamut colours into the gamut first (see
    /// [`Oklab::gamut_mapped`]).
    pub fn to_srgb8(&self) -> [u8; 3] {
        self.gamut_mapped()
            .to_linear_srgb()
            .map(|c| (linear_to_srgb(c.clamp(0.0, 1.0)) * 255.0).round() as u8)
    }

    /// Linear interpolation between two colours (`t` = 0 gives `self`, 1 gives `other`).
    pub fn lerp(&self, other: &Oklab, t: f32) -> Oklab {
        Oklab {
            l: self.l + (other.l - self.l) * t,
            a: self.a + (other.a - self.a) * t,
            b: self.b + (other.b - self.b) * t,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn srgb_round_trips() {
        for rgb in [
            [0, 0, 0],
            [255, 0, 0],
            [0, 255, 0],
            [0, 0, 255],
            [12, 200, 99],
            [128, 128, 128],
        ] {
            assert_eq!(Oklab::from_srgb8(rgb).to_srgb8(), rgb);
        }
    }

    #[test]
    fn greys_have_no_chroma_and_rising_lightness() {
        let mut last = -1.0;
        for v in (0..=255).step_by(15) {
            let c = Oklab::from_srgb8([v, v, v]);
            assert!(c.chroma() < 1e-3, "{v}: {c:?}");
            assert!(c.l > last);
            last = c.l;
        }
    }

    #[test]
    fn gamut_mapping_keeps_lightness() {
        let vivid = Oklab::from_lch(0.7, 0.4, 140.0);
        assert!(!vivid.in_gamut());
        let m = vivid.gamut_mapped();
        assert!(m.in_gamut());
        assert!((m.l - 0.7).abs() < 1e-6 && m.chroma() < 0.4);
    }
}
