//! What a file is, from its bytes (never its name), before FFmpeg sees it.
//!
//! Accepted: MP4 and MOV (ISO/QuickTime boxes), AVI (RIFF), WebM and
//! Matroska (EBML). Refused as hostile: anything that lists or points at
//! other files or network addresses — HLS and DASH playlists, ffconcat
//! lists, SDP, IMF compositions, other text lists of paths or URLs, and
//! MP4/MOV files with external data references (`dref` entries that are not
//! self-contained: FFmpeg's `enable_drefs` would open them). Everything else
//! is refused as "not a video", saying what it looks like.
use std::fs::File;
use std::io::{Read, Seek, SeekFrom};

use super::FramesError;

/// How many bytes of the head are looked at.
const HEAD: usize = 4096;
/// A `moov` box bigger than this is not read whole (a 2-minute phone video's is ~100 KB).
const MAX_MOOV: u64 = 64 * 1024 * 1024;
/// Top-level boxes walked at most (a fragmented MP4 has two per fragment).
const MAX_TOP_BOXES: usize = 100_000;

/// An accepted container.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Container {
    Mp4,
    Mov,
    Avi,
    Webm,
    Mkv,
}

impl Container {
    /// The name [`VideoProbe::container`](super::VideoProbe) uses.
    pub(crate) fn name(self) -> &'static str {
        match self {
            Container::Mp4 => "mp4",
            Container::Mov => "mov",
            Container::Avi => "avi",
            Container::Webm => "webm",
            Container::Mkv => "mkv",
        }
    }

    /// The name users know.
    pub(crate) fn label(self) -> &'static str {
        match self {
            Container::Mp4 => "MP4",
            Container::Mov => "MOV",
            Container::Avi => "AVI",
            Container::Webm => "WebM",
            Container::Mkv => "MKV",
        }
    }

    /// FFmpeg's demuxer for it (as `AVInputFormat::name` spells it).
    pub(crate) fn demuxer(self) -> &'static str {
        match self {
            Container::Mp4 | Container::Mov => "mov,mp4,m4a,3gp,3g2,mj2",
            Container::Avi => "avi",
            Container::Webm | Container::Mkv => "matroska,webm",
        }
    }
}

/// Reads the head of `file` (`len` bytes long) and says which accepted
/// container it is, or why it is refused.
pub(crate) fn sniff(file: &mut File, len: u64) -> Result<Container, FramesError> {
    if len == 0 {
        return Err(FramesError::not_allowed("an empty file"));
    }
    let mut head = Vec::with_capacity(HEAD);
    file.by_ref().take(HEAD as u64).read_to_end(&mut head)?;
    let container = classify(&head)?;
    if matches!(container, Container::Mp4 | Container::Mov) {
        check_boxes(file, len, container)?;
    }
    Ok(container)
}

/// The container `head` starts, or the refusal.
fn classify(head: &[u8]) -> Result<Container, FramesError> {
    let at = |offset: usize, magic: &[u8]| head.get(offset..offset + magic.len()) == Some(magic);
    if at(4, b"ftyp") {
        let brand = head.get(8..12).unwrap_or_default();
        return match brand {
            b"qt  " => Ok(Container::Mov),
            b"heic" | b"heix" | b"hevc" | b"hevx" | b"mif1" | b"msf1" | b"avif" | b"avis" => {
                Err(FramesError::not_allowed("a HEIF/AVIF image"))
            }
            b"M4A " | b"M4B " | b"M4P " => Err(FramesError::not_allowed("an audio file (M4A)")),
            b"crx " => Err(FramesError::not_allowed("a camera RAW image (CR3)")),
            _ => Ok(Container::Mp4),
        };
    }
    // QuickTime files from before `ftyp` start straight with one of these.
    if [&b"moov"[..], b"mdat", b"wide", b"free", b"skip", b"pnot"].iter().any(|t| at(4, t)) {
        return Ok(Container::Mov);
    }
    if at(0, b"RIFF") {
        return match head.get(8..12).unwrap_or_default() {
            b"AVI " | b"AVIX" => Ok(Container::Avi),
            b"WAVE" => Err(FramesError::not_allowed("a WAV audio file")),
            b"WEBP" => Err(FramesError::not_allowed("a WebP image")),
            _ => Err(FramesError::not_allowed("a RIFF file that is not an AVI video")),
        };
    }
    if at(0, &[0x1a, 0x45, 0xdf, 0xa3]) {
        return match ebml_doc_type(head) {
            Some(b"webm") => Ok(Container::Webm),
            Some(b"matroska") => Ok(Container::Mkv),
            _ => Err(FramesError::not_allowed("an EBML file that is neither WebM nor Matroska")),
        };
    }
    if looks_like_text(head) {
        return Err(classify_text(head));
    }
    Err(FramesError::not_allowed(describe_binary(head)))
}

/// What a binary file that is not an accepted container looks like.
fn describe_binary(head: &[u8]) -> &'static str {
    let at = |offset: usize, magic: &[u8]| head.get(offset..offset + magic.len()) == Some(magic);
    if at(0, &[0xff, 0xd8, 0xff]) {
        "a JPEG image"
    } else if at(0, b"\x89PNG") {
        "a PNG image"
    } else if at(0, b"GIF8") {
        "a GIF image"
    } else if at(0, b"%PDF") {
        "a PDF document"
    } else if at(0, b"PK\x03\x04") {
        "a ZIP archive"
    } else if at(0, &[0x47]) && head.len() > 188 && head[188] == 0x47 {
        "an MPEG-TS video"
    } else if at(0, &[0, 0, 1, 0xba]) || at(0, &[0, 0, 1, 0xb3]) {
        "an MPEG-PS video"
    } else if at(0, b"FLV") {
        "an FLV video"
    } else if at(0, &[0x30, 0x26, 0xb2, 0x75]) {
        "a WMV/ASF video"
    } else if at(0, b"OggS") {
        "an Ogg file"
    } else if at(0, b"ID3") || at(0, b"fLaC") || (head.len() > 1 && head[0] == 0xff && head[1] & 0xe0 == 0xe0) {
        "an audio file"
    } else if at(0, b"\x7fELF") || at(0, b"MZ") {
        "a program"
    } else {
        "a file of an unknown type"
    }
}

/// No NUL and almost only printable bytes: a text file of some kind.
/// (Every accepted container has NUL bytes in its first 16: box sizes,
/// RIFF sizes, EBML lengths.)
fn looks_like_text(head: &[u8]) -> bool {
    if head.contains(&0) {
        return false;
    }
    let printable = head.iter().filter(|&&b| b >= 0x20 || matches!(b, b'\t' | b'\n' | b'\r' | 0x0c)).count();
    printable * 100 >= head.len() * 95
}

/// Why a text file is refused: hostile when it lists or points at other
/// files or addresses (FFmpeg has demuxers that would follow them).
fn classify_text(head: &[u8]) -> FramesError {
    let text = String::from_utf8_lossy(head);
    let trimmed = text.trim_start_matches('\u{feff}').trim_start();
    let lower = trimmed.to_ascii_lowercase();
    if trimmed.starts_with("#EXTM3U") || lower.contains("#ext-x-") || lower.contains("#extinf") {
        FramesError::hostile("an HLS playlist (.m3u8)")
    } else if lower.starts_with("ffconcat") {
        FramesError::hostile("an FFmpeg concat list")
    } else if lower.contains("<mpd") {
        FramesError::hostile("a DASH manifest (.mpd)")
    } else if lower.contains("<compositionplaylist") || lower.contains("<assetmap") {
        FramesError::hostile("an IMF composition playlist")
    } else if lower.starts_with("v=0") {
        FramesError::hostile("an SDP description of a network stream")
    } else if lower.starts_with("[playlist]") || lower.contains("<smil") || lower.contains("<playlist") {
        FramesError::hostile("a playlist")
    } else if lower.contains("://") || lower.lines().any(|line| line.trim_start().starts_with("file ")) {
        FramesError::hostile("a text file that points at other files or addresses")
    } else {
        FramesError::not_allowed("a text file")
    }
}

/// The DocType of an EBML header (`webm`, `matroska`).
fn ebml_doc_type(head: &[u8]) -> Option<&[u8]> {
    let search = &head[..head.len().min(64)];
    let at = search.windows(2).position(|w| w == [0x42, 0x82])? + 2;
    let first = *search.get(at)?;
    // A one-byte (0x80 | n) or two-byte (0x40 | …) EBML length.
    let (len, skip) = if first & 0x80 != 0 {
        (usize::from(first & 0x7f), 1)
    } else if first & 0x40 != 0 {
        ((usize::from(first & 0x3f) << 8) | usize::from(*search.get(at + 1)?), 2)
    } else {
        return None;
    };
    head.get(at + skip..at + skip + len)
}

/// Walks the top-level boxes of an MP4/MOV: refuses a truncated or damaged
/// file (a box running past the end, no `moov` index) and external data
/// references.
fn check_boxes(file: &mut File, len: u64, container: Container) -> Result<(), FramesError> {
    let damaged = || FramesError::not_allowed(format!("a damaged or incomplete {} file", container.label()));
    let mut offset = 0u64;
    let mut moov_seen = false;
    for _ in 0..MAX_TOP_BOXES {
        if offset == len {
            break;
        }
        let Some((kind, header, size)) = read_box_header(file, offset, len)? else {
            return Err(damaged());
        };
        if offset + size > len {
            return Err(damaged());
        }
        match &kind {
            b"moov" => {
                moov_seen = true;
                if size > MAX_MOOV {
                    return Err(damaged());
                }
                let mut body = vec![0; (size - header) as usize];
                file.seek(SeekFrom::Start(offset + header))?;
                file.read_exact(&mut body)?;
                check_moov(&body, container).map_err(|e| e.unwrap_or_else(damaged))?;
            }
            b"cmov" => return Err(FramesError::not_allowed("a QuickTime file with a compressed index")),
            _ => {}
        }
        offset += size;
    }
    if offset != len || !moov_seen {
        return Err(damaged());
    }
    Ok(())
}

/// The type, header length and total size of the box at `offset`; `None`
/// when it is malformed (too small, or past the end).
fn read_box_header(file: &mut File, offset: u64, len: u64) -> Result<Option<([u8; 4], u64, u64)>, FramesError> {
    if len - offset < 8 {
        return Ok(None);
    }
    let mut header = [0u8; 16];
    file.seek(SeekFrom::Start(offset))?;
    let want = if len - offset >= 16 { 16 } else { 8 };
    file.read_exact(&mut header[..want])?;
    let size32 = u32::from_be_bytes([header[0], header[1], header[2], header[3]]);
    let kind = [header[4], header[5], header[6], header[7]];
    let (header_len, size) = match size32 {
        0 => (8, len - offset), // to the end of the file
        1 if want == 16 => (16, u64::from_be_bytes(header[8..16].try_into().unwrap_or_default())),
        1 => return Ok(None),
        n => (8, u64::from(n)),
    };
    if size < header_len {
        return Ok(None);
    }
    Ok(Some((kind, header_len, size)))
}

/// Looks inside a `moov` body for data references. `Err(None)` = malformed.
fn check_moov(body: &[u8], container: Container) -> Result<(), Option<FramesError>> {
    for (kind, child) in boxes(body).map_err(|()| None)? {
        match &kind {
            b"trak" | b"mdia" | b"minf" | b"dinf" => check_moov(child, container)?,
            b"cmov" => return Err(Some(FramesError::not_allowed("a QuickTime file with a compressed index"))),
            b"dref" => check_dref(child, container)?,
            _ => {}
        }
    }
    Ok(())
}

/// A `dref` body: version/flags, entry count, then entries whose flag bit 1
/// means "the data is in this file". Any other entry points elsewhere.
fn check_dref(body: &[u8], container: Container) -> Result<(), Option<FramesError>> {
    let entries = body.get(8..).ok_or(None)?;
    for (kind, entry) in boxes(entries).map_err(|()| None)? {
        let flags = entry.get(1..4).ok_or(None)?;
        if flags[2] & 1 == 0 {
            let what = String::from_utf8_lossy(&kind).trim().to_owned();
            return Err(Some(FramesError::hostile(format!(
                "a {} file whose video data is in other files (external data reference '{what}')",
                container.label()
            ))));
        }
    }
    Ok(())
}

/// (type, body) pairs.
type Boxes<'a> = Vec<([u8; 4], &'a [u8])>;

/// The boxes packed in `data`; `Err` when one is malformed.
fn boxes(data: &[u8]) -> Result<Boxes<'_>, ()> {
    let mut out = Vec::new();
    let mut rest = data;
    while !rest.is_empty() {
        if rest.len() < 8 {
            return Err(());
        }
        let size32 = u32::from_be_bytes([rest[0], rest[1], rest[2], rest[3]]) as usize;
        let kind = [rest[4], rest[5], rest[6], rest[7]];
        let (header, size) = match size32 {
            0 => (8, rest.len()),
            1 => {
                let big = rest.get(8..16).ok_or(())?;
                (16, usize::try_from(u64::from_be_bytes(big.try_into().map_err(|_| ())?)).map_err(|_| ())?)
            }
            n => (8, n),
        };
        if size < header || size > rest.len() {
            return Err(());
        }
        out.push((kind, &rest[header..size]));
        rest = &rest[size..];
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn refusal(head: &[u8]) -> String {
        classify(head).expect_err("refused").to_string()
    }

    #[test]
    fn containers_are_known_by_their_bytes() {
        assert_eq!(classify(b"\0\0\0\x20ftypisom\0\0\x02\0").ok(), Some(Container::Mp4));
        assert_eq!(classify(b"\0\0\0\x14ftypqt  \0\0\x02\0").ok(), Some(Container::Mov));
        assert_eq!(classify(b"RIFF\x10\0\0\0AVI LIST").ok(), Some(Container::Avi));
        let webm = b"\x1a\x45\xdf\xa3\x9f\x42\x86\x81\x01\x42\xf7\x81\x01\x42\x82\x84webm\x42\x87";
        assert_eq!(classify(webm).ok(), Some(Container::Webm));
        let mkv = b"\x1a\x45\xdf\xa3\xa3\x42\x86\x81\x01\x42\x82\x88matroska\x42\x87";
        assert_eq!(classify(mkv).ok(), Some(Container::Mkv));
    }

    #[test]
    fn other_files_are_named() {
        assert!(refusal(b"#EXTM3U\n#EXTINF:1,\nseg.ts\n").contains("HLS playlist"));
        assert!(refusal(b"ffconcat version 1.0\nfile a.mp4\n").contains("concat list"));
        assert!(refusal(b"<?xml version=\"1.0\"?><MPD xmlns=\"urn:mpeg:dash\">").contains("DASH manifest"));
        assert!(refusal(b"v=0\r\no=- 0 0 IN IP4 127.0.0.1\r\n").contains("SDP"));
        assert!(refusal(b"hello, this is a note").contains("a text file"));
        assert!(refusal(b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR").contains("a PNG image"));
        assert!(refusal(b"\0\0\0\x18ftypheic\0\0\0\0").contains("HEIF"));
    }

    #[test]
    fn drefs_must_be_self_contained() {
        let entry = |kind: &[u8], flags: u8| [&[0, 0, 0, 12][..], kind, &[0, 0, 0, flags]].concat();
        let dref = |entry: Vec<u8>| [&[0u8, 0, 0, 0, 0, 0, 0, 1][..], &entry].concat();
        assert!(check_dref(&dref(entry(b"url ", 1)), Container::Mov).is_ok());
        let external = check_dref(&dref(entry(b"alis", 0)), Container::Mov).expect_err("external");
        assert!(external.expect("a reason").to_string().contains("external data reference 'alis'"));
    }
}
