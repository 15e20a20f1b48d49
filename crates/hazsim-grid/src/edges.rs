//! [`Edges`]: a condition on each of the four edges of the grid, one type for every engine (the
//! flood's boundary conditions, the Voellmy flow's open or closed edges). North is row 0, west is
//! column 0. In a configuration file: `[edges]` or `[boundaries]` with `north`, `east`, `south`,
//! `west` keys, each defaulting to the engine's default condition.

/// A condition per edge of the grid.
///
/// ```
/// use hazsim_grid::Edges;
/// let e = Edges { south: "open", ..Edges::all("closed") };
/// assert_eq!(e.north, "closed");
/// assert_eq!(e.named()[2], ("south", &"open"));
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, serde::Serialize, serde::Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct Edges<B> {
    /// The edge along row 0.
    pub north: B,
    /// The edge along the last column.
    pub east: B,
    /// The edge along the last row.
    pub south: B,
    /// The edge along column 0.
    pub west: B,
}

impl<B: Clone> Edges<B> {
    /// The same condition on all four edges.
    pub fn all(b: B) -> Self {
        Edges {
            north: b.clone(),
            east: b.clone(),
            south: b.clone(),
            west: b,
        }
    }
}

impl<B> Edges<B> {
    /// The four conditions with their edge names, in the order north, east, south, west.
    pub fn named(&self) -> [(&'static str, &B); 4] {
        [
            ("north", &self.north),
            ("east", &self.east),
            ("south", &self.south),
            ("west", &self.west),
        ]
    }
}
