//! Named colormaps for hazard maps.
//!
//! Every continuous map is defined by a handful of anchor colours given in OKLCh (lightness,
//! chroma, hue; see [`Oklab`]) and evenly spaced along 0..1. Samples are interpolated linearly in
//! Oklab between neighbouring anchors, then brought into the sRGB gamut by lowering chroma at
//! constant lightness. Because the anchors' lightness is monotonic for the sequential maps, so is
//! the lightness of every sample: equal steps in value read as equal steps in brightness, also
//! when printed in grey.
//!
//! The anchors were chosen for hazsim; the maps resemble familiar ones (viridis, magma, ColorBrewer
//! ramps) in character but are not copies of them.

use super::oklab::Oklab;
use crate::{Error, Result};
use std::fmt;
use std::str::FromStr;

/// A named colormap: maps a fraction `t` in 0..1 to an sRGB colour.
///
/// Names parse case-insensitively; a `_r` suffix reverses a map.
///
/// | name | kind | use |
/// |---|---|---|
/// | `viridis` | sequential, dark blue-purple → green → yellow | any magnitude (default) |
/// | `magma` | sequential, black → red → yellow | fire: arrival time, intensity |
/// | `blues` | sequential, white → dark blue | water depth |
/// | `terrain` | green → brown → white | elevation |
/// | `greys` | sequential, white → black | neutral magnitudes |
/// | `rdbu` | diverging, red → white → blue | signed differences |
/// | `categorical` | 10 distinct colours | class rasters |
///
/// ```
/// use hazsim_io::map::Colormap;
/// let cm: Colormap = "viridis".parse().unwrap();
/// assert_eq!(cm, Colormap::Viridis);
/// let dark = cm.sample(0.0);
/// let bright = cm.sample(1.0);
/// assert!(dark.iter().map(|&c| c as u32).sum::<u32>() < bright.iter().map(|&c| c as u32).sum::<u32>());
/// assert_eq!("viridis_r".parse::<Colormap>().unwrap().sample(1.0), dark);
/// assert!("jet".parse::<Colormap>().unwrap_err().to_string().contains("viridis"));
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub enum Colormap {
    /// Perceptually uniform, dark blue-purple → teal → green → yellow.
    #[default]
    Viridis,
    /// [`Colormap::Viridis`] reversed.
    ViridisR,
    /// Perceptually uniform, black → purple → red → orange → pale yellow.
    Magma,
    /// [`Colormap::Magma`] reversed.
    MagmaR,
    /// White → dark blue.
    Blues,
    /// [`Colormap::Blues`] reversed.
    BluesR,
    /// Dark green → yellow-green → tan → brown → white, for elevation.
    Terrain,
    /// [`Colormap::Terrain`] reversed.
    TerrainR,
    /// White → black.
    Greys,
    /// [`Colormap::Greys`] reversed.
    GreysR,
    /// Diverging: dark red → white (at 0.5) → dark blue.
    RdBu,
    /// [`Colormap::RdBu`] reversed.
    RdBuR,
    /// Ten distinct colours for classes; see [`Colormap::categorical_color`].
    Categorical,
    /// [`Colormap::Categorical`] in reverse order.
    CategoricalR,
}

/// Anchor colours as (L, C, h°) in OKLCh, evenly spaced over 0..1.
type Anchors = &'static [[f32; 3]];

const VIRIDIS: Anchors = &[
    [0.27, 0.12, 305.0],
    [0.37, 0.13, 285.0],
    [0.46, 0.11, 258.0],
    [0.55, 0.09, 225.0],
    [0.63, 0.095, 190.0],
    [0.71, 0.13, 158.0],
    [0.79, 0.16, 138.0],
    [0.87, 0.17, 120.0],
    [0.94, 0.18, 108.0],
];

const MAGMA: Anchors = &[
    [0.13, 0.03, 300.0],
    [0.25, 0.10, 305.0],
    [0.37, 0.15, 335.0],
    [0.49, 0.18, 10.0],
    [0.60, 0.19, 32.0],
    [0.71, 0.18, 52.0],
    [0.82, 0.16, 75.0],
    [0.91, 0.13, 95.0],
    [0.98, 0.06, 105.0],
];

const BLUES: Anchors = &[
    [0.985, 0.01, 240.0],
    [0.91, 0.035, 240.0],
    [0.81, 0.07, 242.0],
    [0.70, 0.10, 245.0],
    [0.59, 0.13, 250.0],
    [0.48, 0.14, 256.0],
    [0.38, 0.12, 262.0],
    [0.29, 0.09, 265.0],
];

const TERRAIN: Anchors = &[
    [0.42, 0.09, 150.0],
    [0.55, 0.12, 140.0],
    [0.68, 0.12, 125.0],
    [0.80, 0.11, 100.0],
    [0.70, 0.08, 72.0],
    [0.58, 0.07, 55.0],
    [0.66, 0.04, 55.0],
    [0.82, 0.015, 60.0],
    [0.98, 0.0, 0.0],
];

const GREYS: Anchors = &[[1.0, 0.0, 0.0], [0.0, 0.0, 0.0]];

const RDBU: Anchors = &[
    [0.42, 0.15, 25.0],
    [0.56, 0.17, 28.0],
    [0.72, 0.11, 35.0],
    [0.86, 0.05, 45.0],
    [0.97, 0.0, 0.0],
    [0.86, 0.04, 240.0],
    [0.72, 0.08, 245.0],
    [0.56, 0.12, 252.0],
    [0.42, 0.12, 260.0],
];

/// The categorical palette, in sRGB: blue, orange, green, red, purple, brown, pink, grey, olive,
/// cyan.
const CATEGORICAL: [[u8; 3]; 10] = [
    [0x2f, 0x6f, 0xb0],
    [0xe0, 0x7b, 0x1a],
    [0x3a, 0x9a, 0x3a],
    [0xc8, 0x31, 0x2e],
    [0x7d, 0x5b, 0xa6],
    [0x8c, 0x5a, 0x3c],
    [0xd8, 0x6f, 0xb2],
    [0x6e, 0x6e, 0x6e],
    [0xa8, 0xa2, 0x1c],
    [0x1f, 0xa5, 0xb8],
];

const ALL: [(Colormap, &str); 14] = [
    (Colormap::Viridis, "viridis"),
    (Colormap::Magma, "magma"),
    (Colormap::Blues, "blues"),
    (Colormap::Terrain, "terrain"),
    (Colormap::Greys, "greys"),
    (Colormap::RdBu, "rdbu"),
    (Colormap::Categorical, "categorical"),
    (Colormap::ViridisR, "viridis_r"),
    (Colormap::MagmaR, "magma_r"),
    (Colormap::BluesR, "blues_r"),
    (Colormap::TerrainR, "terrain_r"),
    (Colormap::GreysR, "greys_r"),
    (Colormap::RdBuR, "rdbu_r"),
    (Colormap::CategoricalR, "categorical_r"),
];

impl Colormap {
    /// Every valid name, base maps first, then their `_r` variants.
    ///
    /// ```
    /// assert!(hazsim_io::map::Colormap::names().contains(&"blues_r"));
    /// ```
    pub fn names() -> &'static [&'static str] {
        const NAMES: [&str; 14] = {
            let mut n = [""; 14];
            let mut i = 0;
            while i < 14 {
                n[i] = ALL[i].1;
                i += 1;
            }
            n
        };
        &NAMES
    }

    /// The map's name, as accepted by `parse`.
    pub fn name(self) -> &'static str {
        ALL.iter()
            .find(|(c, _)| *c == self)
            .map(|(_, n)| *n)
            .unwrap_or("viridis")
    }

    /// The same map run the other way.
    ///
    /// ```
    /// use hazsim_io::map::Colormap;
    /// assert_eq!(Colormap::Blues.reversed(), Colormap::BluesR);
    /// assert_eq!(Colormap::BluesR.reversed(), Colormap::Blues);
    /// ```
    pub fn reversed(self) -> Colormap {
        use Colormap::*;
        match self {
            Viridis => ViridisR,
            ViridisR => Viridis,
            Magma => MagmaR,
            MagmaR => Magma,
            Blues => BluesR,
            BluesR => Blues,
            Terrain => TerrainR,
            TerrainR => Terrain,
            Greys => GreysR,
            GreysR => Greys,
            RdBu => RdBuR,
            RdBuR => RdBu,
            Categorical => CategoricalR,
            CategoricalR => Categorical,
        }
    }

    /// True for the `_r` variants.
    pub fn is_reversed(self) -> bool {
        self.name().ends_with("_r")
    }

    /// True for the categorical palette (either direction).
    pub fn is_categorical(self) -> bool {
        matches!(self, Colormap::Categorical | Colormap::CategoricalR)
    }

    fn anchors(self) -> Option<Anchors> {
        use Colormap::*;
        match self {
            Viridis | ViridisR => Some(VIRIDIS),
            Magma | MagmaR => Some(MAGMA),
            Blues | BluesR => Some(BLUES),
            Terrain | TerrainR => Some(TERRAIN),
            Greys | GreysR => Some(GREYS),
            RdBu | RdBuR => Some(RDBU),
            Categorical | CategoricalR => None,
        }
    }

    /// The colour at fraction `t` (clamped to 0..1; NaN counts as 0).
    ///
    /// For the categorical map, 0..1 is cut into ten equal bins, one per colour.
    pub fn sample(self, t: f32) -> [u8; 3] {
        self.sample_oklab(t).to_srgb8()
    }

    /// The colour at fraction `t` in Oklab, before conversion to 8-bit sRGB.
    pub fn sample_oklab(self, t: f32) -> Oklab {
        let t = if t.is_nan() { 0.0 } else { t.clamp(0.0, 1.0) };
        let t = if self.is_reversed() { 1.0 - t } else { t };
        match self.anchors() {
            None => {
                let i = ((t * CATEGORICAL.len() as f32) as usize).min(CATEGORICAL.len() - 1);
                Oklab::from_srgb8(CATEGORICAL[i])
            }
            Some(anchors) => {
                let span = (anchors.len() - 1) as f32;
                let x = t * span;
                let i = (x.floor() as usize).min(anchors.len() - 2);
                let f = x - i as f32;
                let [l0, c0, h0] = anchors[i];
                let [l1, c1, h1] = anchors[i + 1];
                Oklab::from_lch(l0, c0, h0).lerp(&Oklab::from_lch(l1, c1, h1), f)
            }
        }
    }

    /// `n` colours sampled evenly from 0 to 1 (a lookup table; `n` ≥ 2).
    pub fn lut(self, n: usize) -> Vec<[u8; 3]> {
        let n = n.max(2);
        (0..n)
            .map(|i| self.sample(i as f32 / (n - 1) as f32))
            .collect()
    }

    /// Colour `i` of the ten-colour categorical palette (wrapping after ten).
    ///
    /// ```
    /// use hazsim_io::map::Colormap;
    /// assert_ne!(Colormap::categorical_color(0), Colormap::categorical_color(1));
    /// assert_eq!(Colormap::categorical_color(10), Colormap::categorical_color(0));
    /// ```
    pub fn categorical_color(i: usize) -> [u8; 3] {
        CATEGORICAL[i % CATEGORICAL.len()]
    }

    /// The colour this map gives class `i` of `n`: the categorical palette's `i`th colour for
    /// [`Colormap::Categorical`] (from the end for `_r`), otherwise evenly spaced samples
    /// from one end of the map to the other.
    pub fn class_color(self, i: usize, n: usize) -> [u8; 3] {
        match self {
            Colormap::Categorical => Colormap::categorical_color(i),
            Colormap::CategoricalR => {
                let n = n.clamp(1, CATEGORICAL.len());
                Colormap::categorical_color(n - 1 - (i % n))
            }
            _ if n <= 1 => self.sample(1.0),
            _ => self.sample(i as f32 / (n - 1) as f32),
        }
    }
}

impl FromStr for Colormap {
    type Err = Error;

    fn from_str(s: &str) -> Result<Self> {
        let key = s.trim().to_ascii_lowercase();
        ALL.iter()
            .find(|(_, n)| *n == key)
            .map(|(c, _)| *c)
            .ok_or_else(|| {
                Error::param(
                    "colormap",
                    format!("{s:?}"),
                    &format!(
                        "one of {} (append _r to reverse any of them)",
                        ALL[..7]
                            .iter()
                            .map(|(_, n)| *n)
                            .collect::<Vec<_>>()
                            .join(", ")
                    ),
                )
            })
    }
}

impl fmt::Display for Colormap {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn lightness(c: [u8; 3]) -> f32 {
        Oklab::from_srgb8(c).l
    }

    #[test]
    fn sequential_maps_have_monotonic_lightness() {
        for (cm, rising) in [
            (Colormap::Viridis, true),
            (Colormap::Magma, true),
            (Colormap::Greys, false),
            (Colormap::Blues, false),
        ] {
            let ls: Vec<f32> = cm.lut(256).into_iter().map(lightness).collect();
            for w in ls.windows(2) {
                let step = if rising { w[1] - w[0] } else { w[0] - w[1] };
                // 8-bit rounding can wobble lightness by a few thousandths.
                assert!(step > -4e-3, "{cm}: lightness {} then {}", w[0], w[1]);
            }
            let total = if rising {
                ls[255] - ls[0]
            } else {
                ls[0] - ls[255]
            };
            assert!(total > 0.5, "{cm}: lightness range {total}");
        }
    }

    #[test]
    fn rdbu_is_neutral_in_the_middle_and_symmetric() {
        let mid = Oklab::from_srgb8(Colormap::RdBu.sample(0.5));
        assert!(mid.l > 0.95 && mid.chroma() < 0.02, "{mid:?}");
        let (lo, hi) = (
            lightness(Colormap::RdBu.sample(0.0)),
            lightness(Colormap::RdBu.sample(1.0)),
        );
        assert!((lo - hi).abs() < 0.02, "{lo} vs {hi}");
        for t in [0.1f32, 0.25, 0.4] {
            let (a, b) = (
                lightness(Colormap::RdBu.sample(t)),
                lightness(Colormap::RdBu.sample(1.0 - t)),
            );
            assert!((a - b).abs() < 0.03, "t={t}: {a} vs {b}");
        }
    }

    #[test]
    fn categorical_colours_are_distinct() {
        for i in 0..10 {
            for j in i + 1..10 {
                let (a, b) = (
                    Oklab::from_srgb8(Colormap::categorical_color(i)),
                    Oklab::from_srgb8(Colormap::categorical_color(j)),
                );
                let d = ((a.l - b.l).powi(2) + (a.a - b.a).powi(2) + (a.b - b.b).powi(2)).sqrt();
                assert!(d > 0.08, "colours {i} and {j} are too close ({d})");
            }
        }
    }

    #[test]
    fn names_parse_and_reverse() {
        for &n in Colormap::names() {
            let cm: Colormap = n.parse().unwrap();
            assert_eq!(cm.name(), n);
            assert_eq!(cm.reversed().reversed(), cm);
            assert_eq!(cm.sample(0.23), cm.reversed().sample(0.77));
        }
        assert_eq!(" RdBu_R ".parse::<Colormap>().unwrap(), Colormap::RdBuR);
    }

    #[test]
    fn out_of_range_and_nan_clamp() {
        let cm = Colormap::Magma;
        assert_eq!(cm.sample(-3.0), cm.sample(0.0));
        assert_eq!(cm.sample(7.0), cm.sample(1.0));
        assert_eq!(cm.sample(f32::NAN), cm.sample(0.0));
    }
}
