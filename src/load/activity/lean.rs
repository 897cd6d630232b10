//! The lean record path: splits the unquoted records of a log in one walk
//! over a buffer, counting lines the way the csv crate does, and hands over
//! to the csv crate at the first quote (quoting may span lines).
//!
//! The csv crate reports a record at the line it reached when it began to
//! read it, that is after the first terminator byte of the record before;
//! empty lines and a CRLF's `\n` are skipped inside the next read. This
//! reader keeps that rule, so line numbers are the same on either path.

use std::fs::File;
use std::io::{self, Read, Seek, SeekFrom};

use crate::load::progress::Progress;

/// Room for about a thousand records per read; a record longer than the
/// buffer grows it. Each reading thread has one, so it is kept small: a
/// read per thousand rows costs little next to the rows. Tests use a tiny
/// buffer, so that records cross reads.
const BUFFER: usize = if cfg!(test) { 16 } else { 1 << 16 };

/// The smallest buffer, which can still double.
const LEAST: usize = 16;

/// The buffer for a range of `span` bytes: [`BUFFER`], or room for the
/// whole range and one byte more (so that the read that finds its end
/// does not grow it) where that is less: a small log costs no 64 KiB of
/// zeroes.
fn buffer_for(span: u64) -> usize {
    let whole = usize::try_from(span.saturating_add(1)).unwrap_or(usize::MAX);
    whole.clamp(LEAST, BUFFER)
}

/// What a byte means to the splitter; most bytes are `PLAIN`.
const PLAIN: u8 = 0;
const COMMA: u8 = 1;
const TERMINATOR: u8 = 2;
const QUOTE: u8 = 3;

static CLASS: [u8; 256] = {
    let mut class = [PLAIN; 256];
    class[b',' as usize] = COMMA;
    class[b'\n' as usize] = TERMINATOR;
    class[b'\r' as usize] = TERMINATOR;
    class[b'"' as usize] = QUOTE;
    class
};

/// The most fields a record is split into (the most columns a log may
/// declare); a longer record only needs its count for the diagnostic.
pub const MAX_FIELDS: usize = crate::core::log_columns::MAX_COLUMNS;

/// One unquoted record: its bytes and where its fields end.
pub struct Record<'a> {
    pub bytes: &'a [u8],
    /// The number of fields (commas + 1), counted beyond `MAX_FIELDS` too.
    pub len: usize,
    /// The end of each of the first `MAX_FIELDS` fields within `bytes`;
    /// the next field begins one byte (the comma) after it. The reader's
    /// own array: only the first `len` (at most `MAX_FIELDS`) are this
    /// record's, the rest are left from earlier ones.
    pub ends: &'a [u32; MAX_FIELDS],
    pub line: u64,
}

impl<'a> Record<'a> {
    /// Every field, for the diagnostic of a record of the wrong length.
    pub fn all_fields(&self) -> impl Iterator<Item = &'a [u8]> {
        self.bytes.split(|b| *b == b',')
    }
}

/// What the reader found next.
pub enum Next<'a> {
    Record(Record<'a>),
    /// A quote: the csv crate must read on from this byte offset (just after
    /// the previous record's first terminator byte) and this line.
    Quote {
        byte: u64,
        line: u64,
    },
    Failed(io::Error),
    End,
}

/// Reads the records of `file` from one byte offset to another.
pub struct Lean {
    file: File,
    buf: Vec<u8>,
    /// The unread bytes are `buf[pos..end]`.
    pos: usize,
    end: usize,
    /// The file offset of `buf[0]`, and where to stop.
    offset: u64,
    limit: u64,
    eof: bool,
    /// The `\n` bytes before `buf[pos]`, and the line of the next record.
    newlines: u64,
    next_line: u64,
    /// Told the bytes of every read, one buffer at a time.
    progress: Progress,
    /// The field ends of the record last split.
    ends: [u32; MAX_FIELDS],
}

impl Lean {
    /// A reader of `file[from..limit]`, starting as the csv crate would at
    /// `from` after reaching line `line`: `from` is the start of the file or
    /// just after a record's first terminator byte.
    pub fn new(mut file: File, from: u64, limit: u64, line: u64) -> io::Result<Lean> {
        file.seek(SeekFrom::Start(from))?;
        // A file that grows while it is read grows the buffer as needed.
        let size = file.metadata().map_or(u64::MAX, |m| m.len());
        Ok(Lean {
            buf: vec![0; buffer_for(limit.min(size).saturating_sub(from))],
            file,
            pos: 0,
            end: 0,
            offset: from,
            limit,
            eof: false,
            newlines: line - 1,
            next_line: line,
            progress: Progress::default(),
            ends: [0; MAX_FIELDS],
        })
    }

    /// The same reader, telling `progress` what it reads.
    pub fn reporting(self, progress: Progress) -> Lean {
        Lean { progress, ..self }
    }

    /// The `\n` bytes read so far, counted from the line given to `new`.
    pub fn newlines(&self) -> u64 {
        self.newlines
    }

    /// The next record, a quote to hand over, a read error, or the end.
    pub fn next(&mut self) -> Next<'_> {
        let (line, begin_byte) = (self.next_line, self.offset + self.pos as u64);
        let start = match self.skip_terminators() {
            Ok(Some(start)) => start,
            Ok(None) => return Next::End,
            Err(e) => return Next::Failed(e),
        };
        match self.split(start) {
            Ok(Some((start, len, stop))) => Next::Record(Record {
                bytes: &self.buf[start..stop],
                len,
                ends: &self.ends,
                line,
            }),
            Ok(None) => Next::Quote {
                byte: begin_byte,
                line,
            },
            Err(e) => Next::Failed(e),
        }
    }

    /// Skips empty lines; the start of the next record, or `None` at the end.
    fn skip_terminators(&mut self) -> io::Result<Option<usize>> {
        loop {
            while self.pos < self.end {
                match self.buf[self.pos] {
                    b'\n' => self.newlines += 1,
                    b'\r' => {}
                    _ => return Ok(Some(self.pos)),
                }
                self.pos += 1;
            }
            if self.eof || !self.refill(self.pos)? {
                return Ok(None);
            }
        }
    }

    /// Splits the record at `start` into `self.ends`: its start (the buffer
    /// may have moved), number of fields and end; `None` when it has a quote.
    fn split(&mut self, mut start: usize) -> io::Result<Option<(usize, usize, usize)>> {
        loop {
            let (len, stop) = scan(&self.buf[start..self.end], &mut self.ends);
            match stop {
                Some(Stop::Terminator(i)) => return Ok(Some(self.finish(start, len, start + i))),
                Some(Stop::Quote) => return Ok(None),
                None => {}
            }
            if !self.eof {
                // The record moves to the front of the buffer.
                let more = self.refill(start)?;
                start = 0;
                if more {
                    continue;
                }
            }
            // The last record of the file need not end with a newline.
            return Ok(Some(self.finish(start, len, self.end)));
        }
    }

    /// Ends the record `buf[start..stop]` at its terminator (if any).
    fn finish(&mut self, start: usize, len: usize, stop: usize) -> (usize, usize, usize) {
        if len < MAX_FIELDS {
            self.ends[len] = (stop - start) as u32;
        }
        if stop < self.end {
            self.newlines += u64::from(self.buf[stop] == b'\n');
            self.pos = stop + 1;
        } else {
            self.pos = stop;
        }
        self.next_line = self.newlines + 1;
        (start, len + 1, stop)
    }

    /// Keeps `buf[keep..end]`, moved to the front, and reads more after it.
    /// Returns whether anything was read.
    fn refill(&mut self, keep: usize) -> io::Result<bool> {
        self.buf.copy_within(keep..self.end, 0);
        self.offset += keep as u64;
        self.end -= keep;
        self.pos -= keep.min(self.pos);
        if self.end == self.buf.len() {
            self.buf.resize(self.buf.len() * 2, 0);
        }
        let room =
            (self.limit - self.offset - self.end as u64).min((self.buf.len() - self.end) as u64);
        let n = read_full(
            &mut self.file,
            &mut self.buf[self.end..self.end + room as usize],
        )?;
        self.end += n;
        self.progress.advance(n as u64);
        if n == 0 {
            self.eof = true;
        }
        Ok(n > 0)
    }
}

/// Where a scan stopped.
enum Stop {
    Terminator(usize),
    Quote,
}

/// Splits `bytes` at commas up to the first terminator or quote, writing
/// the first field ends into `ends`: the number of commas, and where it
/// stopped (`None`: at the end of `bytes`, the record may go on in the next
/// read).
///
/// Sixteen bytes at a time: a chunk's commas, and its terminators and
/// quotes, are found together as two bit masks (`masks`); only the commas
/// before the first stop are looked at one by one, so most bytes of a
/// record cost a fraction of an instruction. The tail shorter than a chunk
/// goes byte by byte.
fn scan(bytes: &[u8], ends: &mut [u32; MAX_FIELDS]) -> (usize, Option<Stop>) {
    let mut len = 0usize;
    let mut chunks = bytes.chunks_exact(CHUNK);
    let mut base = 0usize;
    for chunk in chunks.by_ref() {
        let chunk: &[u8; CHUNK] = chunk.try_into().expect("a whole chunk");
        let (commas, stops) = masks(chunk);
        // The lowest stop's bit, and every bit below it (all without one).
        let stop = stops & stops.wrapping_neg();
        let mut before = commas & stop.wrapping_sub(1);
        while before != 0 {
            end_field(ends, &mut len, base + before.trailing_zeros() as usize);
            before &= before - 1;
        }
        if stop != 0 {
            let i = stop.trailing_zeros() as usize;
            return match chunk[i] {
                b'"' => (len, Some(Stop::Quote)),
                _ => (len, Some(Stop::Terminator(base + i))),
            };
        }
        base += CHUNK;
    }
    for (i, &b) in chunks.remainder().iter().enumerate() {
        match CLASS[b as usize] {
            PLAIN => {}
            COMMA => end_field(ends, &mut len, base + i),
            TERMINATOR => return (len, Some(Stop::Terminator(base + i))),
            _ => return (len, Some(Stop::Quote)),
        }
    }
    (len, None)
}

/// Notes a comma at `at`: the end of field `len`, kept when it is one of
/// the first `MAX_FIELDS`.
#[inline(always)]
fn end_field(ends: &mut [u32; MAX_FIELDS], len: &mut usize, at: usize) {
    if let Some(end) = ends.get_mut(*len) {
        *end = at as u32;
    }
    *len += 1;
}

/// The bytes `masks` looks at together.
const CHUNK: usize = 16;

/// Two masks of `chunk`, one bit per byte (bit `i` for byte `i`): its
/// commas, and its stops (`\n`, `\r` and `"`), and no other bit: four
/// byte compares of SSE2, which every x86-64 processor has (the build's
/// target features say so).
#[cfg(all(target_arch = "x86_64", target_feature = "sse2"))]
fn masks(chunk: &[u8; CHUNK]) -> (u32, u32) {
    use std::arch::x86_64::{
        _mm_cmpeq_epi8, _mm_loadu_si128, _mm_movemask_epi8, _mm_or_si128, _mm_set1_epi8,
    };
    // SAFETY: the build enables SSE2 (the `cfg` above), so these
    // instructions exist on every processor it runs on; the load reads
    // exactly the sixteen bytes of `chunk` and needs no alignment.
    unsafe {
        let v = _mm_loadu_si128(chunk.as_ptr().cast());
        let is = |b: u8| _mm_cmpeq_epi8(v, _mm_set1_epi8(b as i8));
        let stops = _mm_or_si128(_mm_or_si128(is(b'\n'), is(b'\r')), is(b'"'));
        (
            _mm_movemask_epi8(is(b',')) as u32,
            _mm_movemask_epi8(stops) as u32,
        )
    }
}

/// `masks` on other processors: eight bytes at a time in a word.
#[cfg(not(all(target_arch = "x86_64", target_feature = "sse2")))]
fn masks(chunk: &[u8; CHUNK]) -> (u32, u32) {
    masks_by_words(chunk)
}

/// `masks` by two words of eight bytes, without vector instructions: a
/// word's bytes of a kind get their high bit (`bytes_of`), which a multiply
/// gathers into eight bits.
#[cfg_attr(all(target_arch = "x86_64", target_feature = "sse2"), allow(dead_code))]
fn masks_by_words(chunk: &[u8; CHUNK]) -> (u32, u32) {
    let bits = |word: &[u8], kinds: &[u8]| -> u32 {
        let w = u64::from_le_bytes(word.try_into().expect("eight bytes"));
        let high = kinds.iter().fold(0, |m, &k| m | bytes_of(w, k));
        // Bit 8k + 7 set for byte k; the multiply moves bit 8k to 56 + k.
        ((high >> 7).wrapping_mul(0x0102_0408_1020_4080) >> 56) as u32
    };
    let mask = |kinds: &[u8]| bits(&chunk[..8], kinds) | bits(&chunk[8..], kinds) << 8;
    (mask(b","), mask(b"\n\r\""))
}

/// The high bit of every byte of `w` (little-endian) that is `b`, and no
/// other bit.
fn bytes_of(w: u64, b: u8) -> u64 {
    const ONES: u64 = 0x0101_0101_0101_0101;
    const LOW7: u64 = 0x7f7f_7f7f_7f7f_7f7f;
    // The exact zero-byte test: a byte of `v` is zero exactly when its
    // high bit is set in the result (no carries between bytes).
    let v = w ^ (ONES * u64::from(b));
    !(((v & LOW7) + LOW7) | v | LOW7)
}

/// Reads until `buf` is full or the file ends.
fn read_full(file: &mut File, buf: &mut [u8]) -> io::Result<usize> {
    let mut n = 0;
    while n < buf.len() {
        match file.read(&mut buf[n..]) {
            Ok(0) => break,
            Ok(k) => n += k,
            Err(e) if e.kind() == io::ErrorKind::Interrupted => {}
            Err(e) => return Err(e),
        }
    }
    Ok(n)
}

#[cfg(test)]
mod tests {
    use super::{bytes_of, masks, masks_by_words, scan, Stop, CHUNK, CLASS, COMMA, PLAIN};
    use proptest::prelude::*;

    /// The byte-at-a-time splitter the chunked one must equal.
    fn scan_bytewise(bytes: &[u8]) -> (usize, [u32; super::MAX_FIELDS], Option<usize>, bool) {
        let mut ends = [0u32; super::MAX_FIELDS];
        let mut len = 0usize;
        for (i, &b) in bytes.iter().enumerate() {
            match b {
                b',' => {
                    if let Some(end) = ends.get_mut(len) {
                        *end = i as u32;
                    }
                    len += 1;
                }
                b'\n' | b'\r' => return (len, ends, Some(i), false),
                b'"' => return (len, ends, None, true),
                _ => {}
            }
        }
        (len, ends, None, false)
    }

    fn chunked(bytes: &[u8]) -> (usize, [u32; super::MAX_FIELDS], Option<usize>, bool) {
        let mut ends = [0u32; super::MAX_FIELDS];
        let (len, stop) = scan(bytes, &mut ends);
        match stop {
            Some(Stop::Terminator(i)) => (len, ends, Some(i), false),
            Some(Stop::Quote) => (len, ends, None, true),
            None => (len, ends, None, false),
        }
    }

    #[test]
    fn the_word_mask_finds_exactly_the_bytes_of_its_kind() {
        for k in [b',', b'\n', b'\r', b'"'] {
            for b in 0..=255u8 {
                for at in 0..8 {
                    let mut word = [b'a'; 8];
                    word[at] = b;
                    let mask = bytes_of(u64::from_le_bytes(word), k);
                    let expected = if b == k { 0x80u64 << (8 * at) } else { 0 };
                    assert_eq!(mask, expected, "byte {b} at {at} for {k}");
                }
            }
        }
    }

    /// The commas and the stops of a chunk, for every byte at every place.
    fn expected_masks(chunk: &[u8; CHUNK]) -> (u32, u32) {
        chunk
            .iter()
            .enumerate()
            .fold((0, 0), |(c, s), (i, &b)| match CLASS[b as usize] {
                PLAIN => (c, s),
                COMMA => (c | 1 << i, s),
                _ => (c, s | 1 << i),
            })
    }

    /// Both chunk masks against the byte classes, for every byte at every
    /// place, and for every set of comma places, with a stop among them.
    #[test]
    fn the_chunk_masks_find_exactly_the_commas_and_stops() {
        for b in 0..=255u8 {
            for at in 0..CHUNK {
                let mut chunk = [b'a'; CHUNK];
                chunk[at] = b;
                let expected = expected_masks(&chunk);
                assert_eq!(masks(&chunk), expected, "byte {b} at {at}");
                assert_eq!(masks_by_words(&chunk), expected, "byte {b} at {at}");
            }
        }
        for places in 0..=u16::MAX {
            let mut chunk: [u8; CHUNK] =
                std::array::from_fn(|i| if places >> i & 1 == 1 { b',' } else { b'x' });
            chunk[places as usize % CHUNK] = b"\n\r\"x"[places as usize % 4];
            let expected = expected_masks(&chunk);
            assert_eq!(masks(&chunk), expected);
            assert_eq!(masks_by_words(&chunk), expected);
        }
    }

    proptest! {
        #[test]
        fn the_chunked_splitter_splits_as_the_byte_splitter(
            bytes in prop::collection::vec(
                prop_oneof![
                    Just(b','), Just(b'\n'), Just(b'\r'), Just(b'"'),
                    Just(0u8), Just(0x80u8), Just(0xacu8), Just(b'-'), any::<u8>()
                ],
                0..80,
            )
        ) {
            prop_assert_eq!(chunked(&bytes), scan_bytewise(&bytes));
        }
    }
}
