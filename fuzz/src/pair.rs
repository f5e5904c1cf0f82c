//! The input of the `diff` target: two images in one byte string.

/// The two inputs of the `diff` target: a little-endian u32 length of the
/// first, then the first, then the second (a short length is read as all).
pub fn split_pair(data: &[u8]) -> (&[u8], &[u8]) {
    let Some((len, rest)) = data.split_first_chunk::<4>() else {
        return (data, &[]);
    };
    let n = usize::try_from(u32::from_le_bytes(*len)).unwrap_or(usize::MAX);
    rest.split_at(n.min(rest.len()))
}

/// The input of the `diff` target for the pair `(a, b)`.
pub fn join_pair(a: &[u8], b: &[u8]) -> Vec<u8> {
    let mut out = Vec::with_capacity(4 + a.len() + b.len());
    out.extend_from_slice(&u32::try_from(a.len()).unwrap_or(u32::MAX).to_le_bytes());
    out.extend_from_slice(a);
    out.extend_from_slice(b);
    out
}
