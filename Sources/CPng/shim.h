#ifndef OTLAB_CPNG_SHIM_H
#define OTLAB_CPNG_SHIM_H
#include <png.h>

/* libpng's simplified API reports failures in image->message and never longjmps into the caller,
   so Swift can call it directly. These shims only stand in for function-like macros and format
   constants that Swift cannot import. */

/* Output layouts otlab reads and writes: 8 bits per channel, sRGB. */
static inline png_uint_32 otlab_png_format_rgba(void) { return PNG_FORMAT_RGBA; }
static inline png_uint_32 otlab_png_format_rgb(void) { return PNG_FORMAT_RGB; }
static inline png_uint_32 otlab_png_format_gray(void) { return PNG_FORMAT_GRAY; }

/* Whether the last simplified-API call failed (PNG_IMAGE_FAILED). */
static inline int otlab_png_failed(const png_image *image) { return PNG_IMAGE_FAILED(*image); }

/* 16-bit files without a gAMA or sRGB chunk hold sRGB values (as every common writer means them),
   not linear light; set after png_image_begin_read_*, which resets the flags. */
static inline void otlab_png_assume_16bit_srgb(png_image *image) { image->flags |= PNG_IMAGE_FLAG_16BIT_sRGB; }

/* The bytes a decoded image takes in image->format (PNG_IMAGE_SIZE). */
static inline size_t otlab_png_image_size(const png_image *image) { return PNG_IMAGE_SIZE(*image); }
#endif
