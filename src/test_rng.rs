//! A small deterministic generator for the differential tests (a rewrite
//! compared with the code it replaced on thousands of generated inputs),
//! so every run covers the same inputs.

/// A 64-bit linear congruential generator (Knuth's MMIX constants).
pub struct Lcg(pub u64);

impl Lcg {
    /// The next number, from the generator's better high bits.
    #[allow(clippy::should_implement_trait)]
    pub fn next(&mut self) -> usize {
        self.0 = self
            .0
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        (self.0 >> 33) as usize
    }
}
