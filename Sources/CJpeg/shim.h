#ifndef OTLAB_CJPEG_SHIM_H
#define OTLAB_CJPEG_SHIM_H
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <setjmp.h>
#include <jpeglib.h>

/* libjpeg's default error handler calls exit(). This error manager longjmps back instead, and the
   setjmp, the longjmp and the whole decompression live in this one C function, so no jump ever
   crosses a Swift frame. */
struct otlab_jpeg_error_manager {
    struct jpeg_error_mgr base;
    jmp_buf escape;
    char message[JMSG_LENGTH_MAX];
};

static void otlab_jpeg_error_exit(j_common_ptr info) {
    struct otlab_jpeg_error_manager *manager = (struct otlab_jpeg_error_manager *)info->err;
    (*info->err->format_message)(info, manager->message);
    longjmp(manager->escape, 1);
}

/* Warnings (e.g. a truncated file padded with an EOI marker) are remembered, not printed: a
   corrupt-data warning is then reported as the failure it is. */
static void otlab_jpeg_emit_message(j_common_ptr info, int level) {
    struct otlab_jpeg_error_manager *manager = (struct otlab_jpeg_error_manager *)info->err;
    if (level < 0 && manager->message[0] == 0) {
        (*info->err->format_message)(info, manager->message);
    }
}

/* Decodes the JPEG in data[0..<size] to 8-bit RGB, row-major. On success returns a malloc'd buffer
   of width * height * 3 bytes (free it with free()) and sets *width and *height. On failure returns
   NULL and writes a one-line reason into message (capacity bytes). Pictures of more than
   max_pixels pixels are refused before their raster is allocated. */
static inline unsigned char *otlab_jpeg_decode_rgb(const unsigned char *data, unsigned long size,
                                                   unsigned long max_pixels,
                                                   unsigned int *width, unsigned int *height,
                                                   char *message, size_t capacity) {
    struct jpeg_decompress_struct info;
    struct otlab_jpeg_error_manager manager;
    unsigned char *volatile pixels = NULL;
    memset(&info, 0, sizeof info);
    info.err = jpeg_std_error(&manager.base);
    manager.base.error_exit = otlab_jpeg_error_exit;
    manager.base.emit_message = otlab_jpeg_emit_message;
    manager.message[0] = 0;
    if (capacity > 0) message[0] = 0;
    if (setjmp(manager.escape)) {
        jpeg_destroy_decompress(&info);
        free(pixels);
        if (capacity > 0) snprintf(message, capacity, "%s", manager.message);
        return NULL;
    }
    jpeg_create_decompress(&info);
    jpeg_mem_src(&info, data, size);
    jpeg_read_header(&info, TRUE);
    /* The size is checked from the header, before jpeg_start_decompress allocates (a progressive
       picture's whole-image coefficient buffer: 1.7 GB for a 282-byte file claiming 30000 x 30000). */
    unsigned long header_pixels = (unsigned long)info.image_width * info.image_height;
    if (header_pixels == 0 || header_pixels > max_pixels) {
        if (capacity > 0) snprintf(message, capacity, "size %u x %u is %lu pixels, more than the limit of %lu (set OTLAB_MAX_PIXELS to raise it)",
                                   info.image_width, info.image_height, header_pixels, max_pixels);
        jpeg_destroy_decompress(&info);
        return NULL;
    }
    info.out_color_space = JCS_RGB;
    jpeg_start_decompress(&info);
    unsigned long pixel_count = (unsigned long)info.output_width * info.output_height;
    if (info.output_components != 3 || pixel_count == 0 || pixel_count > max_pixels) {
        if (capacity > 0) {
            if (info.output_components != 3) snprintf(message, capacity, "unsupported colour layout (%d components)", info.output_components);
            else snprintf(message, capacity, "size %u x %u is too large; expected at most %lu pixels", info.output_width, info.output_height, max_pixels);
        }
        jpeg_destroy_decompress(&info);
        return NULL;
    }
    size_t stride = (size_t)info.output_width * 3;
    pixels = (unsigned char *)malloc(stride * info.output_height);
    if (pixels == NULL) {
        if (capacity > 0) snprintf(message, capacity, "out of memory for %u x %u pixels", info.output_width, info.output_height);
        jpeg_destroy_decompress(&info);
        return NULL;
    }
    while (info.output_scanline < info.output_height) {
        JSAMPROW row = pixels + stride * info.output_scanline;
        jpeg_read_scanlines(&info, &row, 1);
    }
    jpeg_finish_decompress(&info);
    *width = info.output_width;
    *height = info.output_height;
    /* A warning such as "Premature end of JPEG file" means the picture is damaged: refuse it. */
    if (manager.message[0] != 0) {
        if (capacity > 0) snprintf(message, capacity, "%s", manager.message);
        jpeg_destroy_decompress(&info);
        free(pixels);
        return NULL;
    }
    jpeg_destroy_decompress(&info);
    return pixels;
}
/* The width and height in the JPEG header in data[0..<size] (which may be only the start of the
   file), without decoding: returns 1 and sets *width and *height, or 0 when no frame header is
   found. */
static inline int otlab_jpeg_read_size(const unsigned char *data, unsigned long size,
                                       unsigned int *width, unsigned int *height) {
    struct jpeg_decompress_struct info;
    struct otlab_jpeg_error_manager manager;
    memset(&info, 0, sizeof info);
    info.err = jpeg_std_error(&manager.base);
    manager.base.error_exit = otlab_jpeg_error_exit;
    manager.base.emit_message = otlab_jpeg_emit_message;
    manager.message[0] = 0;
    if (setjmp(manager.escape)) {
        jpeg_destroy_decompress(&info);
        return 0;
    }
    jpeg_create_decompress(&info);
    jpeg_mem_src(&info, data, size);
    if (jpeg_read_header(&info, TRUE) != JPEG_HEADER_OK) {
        jpeg_destroy_decompress(&info);
        return 0;
    }
    *width = info.image_width;
    *height = info.image_height;
    jpeg_destroy_decompress(&info);
    return 1;
}
#endif
