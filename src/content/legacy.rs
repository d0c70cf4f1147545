//! Guessing the legacy Vietnamese encoding of a file that is not UTF-8.
//!
//! Before Unicode, Vietnamese text was typed in TCVN3 (the ".Vn" fonts),
//! VNI (the "VNI-" fonts) or Windows-1258, and such files still arrive as
//! attachments. No maintained crate knows TCVN3 or VNI (encoding_rs and
//! chardetng cover only Windows-1258), and we only need a hint for the error
//! message, not a conversion: so we count the bytes that are distinctive for
//! each encoding.
//!
//! - TCVN3 puts its most common letters (ă â ê ô ơ ư đ, à á ả ã ạ) in
//!   0xA1–0xBF, where the other two have only symbols (¡ … ¿).
//! - VNI writes a vowel then mark bytes; ư, đ and the grave/hook/dot marks
//!   are bytes (ö ñ ø û ï …) that Windows-1258 never uses for Vietnamese.
//! - Windows-1258 has its own đ (0xF0), ư (0xFD), ơ (0xF5) and combining
//!   tone marks (0xCC, 0xEC, 0xD2, 0xDE, 0xF2) after a vowel.

/// A legacy encoding that a non-UTF-8 file seems to be in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Legacy {
    /// TCVN 5712 ("ABC", the .VnTime fonts).
    Tcvn3,
    /// VNI-Windows (the VNI-Times fonts).
    Vni,
    /// Windows code page 1258.
    Windows1258,
}

impl Legacy {
    /// The name staff see in converters.
    pub fn name(self) -> &'static str {
        match self {
            Legacy::Tcvn3 => "TCVN3 (ABC, .VnTime fonts)",
            Legacy::Vni => "VNI (VNI-Times fonts)",
            Legacy::Windows1258 => "Windows-1258",
        }
    }
}

const VNI_ONLY: &[u8] = &[0xF6, 0xF8, 0xF1, 0xD1, 0xEF, 0xFB, 0xD6, 0xD8];
const CP1258_LETTERS: &[u8] = &[0xF0, 0xD0, 0xFD, 0xDD, 0xF5, 0xD5];
const CP1258_MARKS: &[u8] = &[0xCC, 0xEC, 0xD2, 0xDE, 0xF2];
const CP1258_VOWELS: &[u8] = b"aeiouyAEIOUY\xe2\xea\xf4\xf5\xfd\xe3\xc2\xca\xd4\xd5\xdd\xc3";

/// The likely encoding of `bytes`, when they look like Vietnamese in one.
pub fn guess(bytes: &[u8]) -> Option<Legacy> {
    let high = bytes.iter().filter(|&&b| b >= 0x80).count();
    if high < 2 {
        return None;
    }
    let tcvn = bytes
        .iter()
        .filter(|&&b| (0xA1..=0xBF).contains(&b))
        .count();
    let vni = bytes.iter().filter(|b| VNI_ONLY.contains(b)).count();
    let letters = bytes.iter().filter(|b| CP1258_LETTERS.contains(b)).count();
    let marks = bytes
        .windows(2)
        .filter(|w| CP1258_VOWELS.contains(&w[0]) && CP1258_MARKS.contains(&w[1]))
        .count();
    if tcvn * 4 >= high {
        Some(Legacy::Tcvn3)
    } else if vni >= 2 && vni > letters {
        Some(Legacy::Vni)
    } else if letters + marks >= 2 {
        Some(Legacy::Windows1258)
    } else {
        None
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_encoding_is_recognised() {
        // "Người Việt ở Đồng Tháp" in each encoding, written out byte by byte.
        let cp1258 = b"Ng\xfd\xf5\xcci Vi\xea\xf2t \xf4\xd2 \xd0\xf4\xccng Tha\xecp";
        let vni = b"Ng\xf6\xf4\xf8i Vie\xe4t \xf4\xfb \xd1o\xe0ng Tha\xf9p";
        let tcvn3 = b"Ng\xad\xeai Vi\xd6t \xeb \xa7\xe5ng Th\xb8p";
        assert_eq!(guess(cp1258), Some(Legacy::Windows1258));
        assert_eq!(guess(vni), Some(Legacy::Vni));
        assert_eq!(guess(tcvn3), Some(Legacy::Tcvn3));
    }

    #[test]
    fn other_text_gets_no_guess() {
        assert_eq!(guess(b"caf\xe9 cr\xe8me"), None);
        assert_eq!(guess(b"plain ascii"), None);
    }
}
