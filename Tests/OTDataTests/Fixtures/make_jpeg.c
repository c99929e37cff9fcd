/* Writes a binary PGM (P5) or PPM (P6) with maxval 255 as a JPEG at the given quality, with
   4:4:4 sampling; used by make_images.py (cc make_jpeg.c -ljpeg -o make_jpeg). */
#include <stdio.h>
#include <stdlib.h>
#include <jpeglib.h>

int main(int argc, char **argv) {
    if (argc != 4) { fprintf(stderr, "usage: make_jpeg IN.pnm OUT.jpg QUALITY\n"); return 2; }
    FILE *in = fopen(argv[1], "rb");
    char magic[3] = {0};
    int width, height, maxval;
    if (!in || fscanf(in, "%2s %d %d %d", magic, &width, &height, &maxval) != 4 || maxval != 255) return 2;
    fgetc(in);
    int components = magic[1] == '6' ? 3 : 1;
    unsigned char *pixels = malloc((size_t)width * height * components);
    if (fread(pixels, 1, (size_t)width * height * components, in) != (size_t)width * height * components) return 2;
    fclose(in);

    struct jpeg_compress_struct info;
    struct jpeg_error_mgr errors;
    info.err = jpeg_std_error(&errors);
    jpeg_create_compress(&info);
    FILE *out = fopen(argv[2], "wb");
    jpeg_stdio_dest(&info, out);
    info.image_width = width;
    info.image_height = height;
    info.input_components = components;
    info.in_color_space = components == 3 ? JCS_RGB : JCS_GRAYSCALE;
    jpeg_set_defaults(&info);
    jpeg_set_quality(&info, atoi(argv[3]), TRUE);
    for (int c = 0; c < info.num_components; c++) { info.comp_info[c].h_samp_factor = 1; info.comp_info[c].v_samp_factor = 1; }
    jpeg_start_compress(&info, TRUE);
    while (info.next_scanline < info.image_height) {
        JSAMPROW row = pixels + (size_t)info.next_scanline * width * components;
        jpeg_write_scanlines(&info, &row, 1);
    }
    jpeg_finish_compress(&info);
    fclose(out);
    jpeg_destroy_compress(&info);
    free(pixels);
    return 0;
}
