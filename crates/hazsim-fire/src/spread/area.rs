//! Burned area over time and the fire grade by area.

/// Square metres in one mu (1 mu = 10 000 / 15 m²).
pub const M2_PER_MU: f64 = 10_000.0 / 15.0;

/// Fire grade by burned forest area, as in China's forest-fire classification:
/// 一般 (< 1 ha), 较大 (1–100 ha), 重大 (100–1000 ha), 特别重大 (≥ 1000 ha).
///
/// ```
/// use hazsim_fire::spread::FireGrade;
/// assert_eq!(FireGrade::from_hectares(0.5), FireGrade::General);
/// assert_eq!(FireGrade::from_hectares(1.0), FireGrade::Large);
/// assert_eq!(FireGrade::from_hectares(100.0), FireGrade::Major);
/// assert_eq!(FireGrade::from_hectares(1000.0).name_zh(), "特别重大");
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum FireGrade {
    /// 一般: under 1 ha.
    General,
    /// 较大: 1 ha to under 100 ha.
    Large,
    /// 重大: 100 ha to under 1000 ha.
    Major,
    /// 特别重大: 1000 ha or more.
    ExtraMajor,
}

impl FireGrade {
    /// The grade of a fire that burned `hectares`.
    pub fn from_hectares(hectares: f64) -> Self {
        if hectares >= 1000.0 {
            FireGrade::ExtraMajor
        } else if hectares >= 100.0 {
            FireGrade::Major
        } else if hectares >= 1.0 {
            FireGrade::Large
        } else {
            FireGrade::General
        }
    }

    /// The English name.
    ///
    /// ```
    /// assert_eq!(hazsim_fire::spread::FireGrade::Large.name_en(), "large");
    /// ```
    pub fn name_en(self) -> &'static str {
        match self {
            FireGrade::General => "general",
            FireGrade::Large => "large",
            FireGrade::Major => "major",
            FireGrade::ExtraMajor => "extra major",
        }
    }

    /// The Chinese name.
    pub fn name_zh(self) -> &'static str {
        match self {
            FireGrade::General => "一般",
            FireGrade::Large => "较大",
            FireGrade::Major => "重大",
            FireGrade::ExtraMajor => "特别重大",
        }
    }
}

/// Burned area at one time.
#[derive(Debug, Clone, Copy, PartialEq, Default)]
pub struct AreaSample {
    /// Time (s).
    pub time: f64,
    /// Burned area (ha).
    pub hectares: f64,
    /// Burned area (mu).
    pub mu: f64,
}

impl AreaSample {
    pub(crate) fn new(time: f64, m2: f64) -> Self {
        AreaSample {
            time,
            hectares: m2 / 10_000.0,
            mu: m2 / M2_PER_MU,
        }
    }
}
