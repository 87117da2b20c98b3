//! A stable colour per G from a colour-blind-safe palette.
//!
//! The seven coloured hues of Okabe and Ito's palette (Okabe & Ito, *Color Universal Design*,
//! 2002; black is left for text), each in three lightness steps: as drawn, mixed a third of the
//! way to white, and a quarter of the way to black. G `g` takes hue `g mod 7` and step
//! `(g / 7) mod 3`, so any two Gs whose ids differ by less than seven differ in hue, and Gs seven
//! apart differ in lightness; the same G has the same colour in every lane, view and run.
//! G 0 ("no G") is grey.

/// A colour, 8 bits per channel.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct Rgb {
    pub r: u8,
    pub g: u8,
    pub b: u8,
}

impl Rgb {
    pub const fn new(r: u8, g: u8, b: u8) -> Rgb {
        Rgb { r, g, b }
    }

    /// `#rrggbb`, for a canvas `fillStyle`.
    pub fn hex(&self) -> String {
        format!("#{:02x}{:02x}{:02x}", self.r, self.g, self.b)
    }

    /// Mixed with `other` by `t` (0: self, 1: other).
    pub fn mix(self, other: Rgb, t: f64) -> Rgb {
        let m = |a: u8, b: u8| (f64::from(a) + (f64::from(b) - f64::from(a)) * t).round().clamp(0.0, 255.0) as u8;
        Rgb { r: m(self.r, other.r), g: m(self.g, other.g), b: m(self.b, other.b) }
    }

    /// Relative luminance (WCAG 2), 0 (black) to 1 (white).
    pub fn luminance(&self) -> f64 {
        let lin = |c: u8| {
            let c = f64::from(c) / 255.0;
            if c <= 0.040_45 { c / 12.92 } else { ((c + 0.055) / 1.055).powf(2.4) }
        };
        0.2126 * lin(self.r) + 0.7152 * lin(self.g) + 0.0722 * lin(self.b)
    }

    /// Black or white, whichever reads better on this colour (a label on a slice).
    pub fn ink(&self) -> Rgb {
        // The luminance where black and white have equal contrast: (L + 0.05)² = 1.05 × 0.05.
        if self.luminance() > 0.179 { Rgb::new(0, 0, 0) } else { Rgb::new(255, 255, 255) }
    }
}

/// Okabe–Ito without black: orange, sky blue, bluish green, yellow, blue, vermillion, reddish
/// purple.
pub const OKABE_ITO: [Rgb; 7] = [
    Rgb::new(0xE6, 0x9F, 0x00),
    Rgb::new(0x56, 0xB4, 0xE9),
    Rgb::new(0x00, 0x9E, 0x73),
    Rgb::new(0xF0, 0xE4, 0x42),
    Rgb::new(0x00, 0x72, 0xB2),
    Rgb::new(0xD5, 0x5E, 0x00),
    Rgb::new(0xCC, 0x79, 0xA7),
];

/// The lightness steps: (towards, by).
const STEPS: [(Rgb, f64); 3] = [(Rgb::new(255, 255, 255), 0.0), (Rgb::new(255, 255, 255), 1.0 / 3.0), (Rgb::new(0, 0, 0), 0.25)];

/// The colour of "no G" (id 0).
pub const NO_G: Rgb = Rgb::new(0x99, 0x99, 0x99);

/// How many distinct colours Gs cycle through.
pub const COLOURS: u64 = (OKABE_ITO.len() * STEPS.len()) as u64;

/// G `g`'s colour.
pub fn g_colour(g: u64) -> Rgb {
    if g == 0 {
        return NO_G;
    }
    let hue = OKABE_ITO[(g % 7) as usize];
    let (towards, by) = STEPS[((g / 7) % 3) as usize];
    hue.mix(towards, by)
}
