//! Lossy WebP through libwebp, Google's reference encoder.
//!
//! `image` encodes WebP only losslessly, which makes photos larger than
//! JPEG; libwebp's lossy mode makes them about a third smaller. The
//! `libwebp-sys` crate builds the current libwebp from source (no system
//! library needed); the safe `webp` wrapper crate still pins libwebp 1.3.1,
//! so we call the one-shot encoding functions here ourselves.

use std::ffi::c_int;

/// Encodes 8-bit RGB (or RGBA when `alpha`) rows of `width` pixels.
pub(crate) fn encode(
    pixels: &[u8],
    width: u32,
    height: u32,
    alpha: bool,
    quality: u8,
) -> Result<Vec<u8>, String> {
    let channels: usize = if alpha { 4 } else { 3 };
    let too_big = || format!("{width}×{height} is too large for WebP");
    // WebP's own limit is 16383 pixels a side.
    if width == 0 || height == 0 || width > 16383 || height > 16383 {
        return Err(too_big());
    }
    let stride = width as usize * channels;
    if pixels.len() < stride * height as usize {
        return Err("WebP encoding failed (short pixel buffer)".into());
    }
    let (w, h, s) = (width as c_int, height as c_int, stride as c_int);
    let mut out: *mut u8 = std::ptr::null_mut();
    // SAFETY: `pixels` holds `height` rows of `stride` bytes (checked above)
    // and outlives the call; libwebp reads only those and stores in `out` a
    // buffer it allocated, which we copy and free below exactly once.
    let size = unsafe {
        if alpha {
            libwebp_sys::WebPEncodeRGBA(pixels.as_ptr(), w, h, s, f32::from(quality), &mut out)
        } else {
            libwebp_sys::WebPEncodeRGB(pixels.as_ptr(), w, h, s, f32::from(quality), &mut out)
        }
    };
    if out.is_null() {
        return Err("WebP encoding failed".into());
    }
    // SAFETY: on success libwebp returned `size` bytes at `out`; on failure
    // `size` is 0 and the slice is empty. `out` came from libwebp's allocator
    // and is freed with its own free function, once.
    let bytes = unsafe { std::slice::from_raw_parts(out, size) }.to_vec();
    unsafe { libwebp_sys::WebPFree(out.cast()) };
    if bytes.is_empty() {
        return Err("WebP encoding failed".into());
    }
    Ok(bytes)
}
