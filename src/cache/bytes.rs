//! Keys, values, fields and elements are bytes; these types convert into them.

/// Anything usable as a key or value: `&str`, `String`, `&[u8]`, `Vec<u8>`, `Bytes`, byte
/// string literals.
pub trait IntoBytes {
    /// The bytes sent on the wire.
    fn into_bytes(self) -> Vec<u8>;
}

impl IntoBytes for Vec<u8> {
    fn into_bytes(self) -> Vec<u8> {
        self
    }
}

impl IntoBytes for &[u8] {
    fn into_bytes(self) -> Vec<u8> {
        self.to_vec()
    }
}

impl<const N: usize> IntoBytes for &[u8; N] {
    fn into_bytes(self) -> Vec<u8> {
        self.to_vec()
    }
}

impl IntoBytes for &Vec<u8> {
    fn into_bytes(self) -> Vec<u8> {
        self.clone()
    }
}

impl IntoBytes for String {
    fn into_bytes(self) -> Vec<u8> {
        String::into_bytes(self)
    }
}

impl IntoBytes for &String {
    fn into_bytes(self) -> Vec<u8> {
        self.as_bytes().to_vec()
    }
}

impl IntoBytes for &str {
    fn into_bytes(self) -> Vec<u8> {
        self.as_bytes().to_vec()
    }
}

impl IntoBytes for bytes::Bytes {
    fn into_bytes(self) -> Vec<u8> {
        self.into()
    }
}

#[cfg(test)]
mod tests {
    use super::IntoBytes;

    #[test]
    fn every_form_gives_the_same_bytes() {
        let expected = b"key".to_vec();
        assert_eq!("key".into_bytes(), expected);
        assert_eq!(String::from("key").into_bytes(), expected);
        assert_eq!((&String::from("key")).into_bytes(), expected);
        assert_eq!(b"key".into_bytes(), expected);
        assert_eq!((&b"key"[..]).into_bytes(), expected);
        assert_eq!(expected.clone().into_bytes(), expected);
        assert_eq!((&expected).into_bytes(), expected);
        assert_eq!(bytes::Bytes::from_static(b"key").into_bytes(), expected);
    }
}
