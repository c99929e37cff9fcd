#ifndef OTLAB_CNCURSES_SHIM_H
#define OTLAB_CNCURSES_SHIM_H
/* The wide-character API is only visible with these defined (SwiftPM drops pkg-config's -D flags). */
#define NCURSES_WIDECHAR 1
#define _XOPEN_SOURCE_EXTENDED 1
#include <locale.h>
#include <langinfo.h>
#include <stdlib.h>
#include <wchar.h>
#include <stdio.h>
#include <unistd.h>
#include <ncursesw/curses.h>
#include <ncursesw/term.h>

/* Accessors for C globals and function-like macros that Swift cannot import (or that Swift 6
   strict concurrency treats as shared mutable state). Values such as the mouse masks differ between
   ncurses mouse ABI versions, so they are always read from here, never hard-coded in Swift. */

static inline WINDOW *otlab_stdscr(void) { return stdscr; }

/* Like initscr, but returns NULL instead of exiting when the terminal cannot be set up
   (TERM unset or unknown, or stdout not a terminal). */
static inline SCREEN *otlab_start_screen(void) {
    if (!isatty(fileno(stdout)) || !isatty(fileno(stdin))) return NULL;
    SCREEN *screen = newterm(NULL, stdout, stdin);
    if (screen != NULL) set_term(screen);
    return screen;
}
static inline int otlab_colors(void) { return COLORS; }
static inline int otlab_color_pairs(void) { return COLOR_PAIRS; }
static inline int otlab_lines(void) { return LINES; }
static inline int otlab_cols(void) { return COLS; }

/* 1 when the terminfo entry advertises direct (24-bit) colour through the RGB capability. */
static inline int otlab_has_rgb_capability(void) {
    int flag = tigetflag((char *)"RGB");
    return flag > 0 ? 1 : 0;
}

/* 1 when the C library's current locale codeset is UTF-8 (call after setlocale). */
static inline int otlab_codeset_is_utf8(void) {
    const char *codeset = nl_langinfo(CODESET);
    if (codeset == NULL) return 0;
    const char *expected = "UTF-8";
    int i = 0;
    for (; codeset[i] != 0 && expected[i] != 0; i++) {
        char c = codeset[i];
        if (c >= 'a' && c <= 'z') c = (char)(c - 'a' + 'A');
        if (c != expected[i]) break;
    }
    return (codeset[i] == 0 && expected[i] == 0) ? 1 : 0;
}

static inline attr_t otlab_attr_normal(void) { return WA_NORMAL; }
static inline attr_t otlab_attr_bold(void) { return WA_BOLD; }
static inline attr_t otlab_attr_dim(void) { return WA_DIM; }
static inline attr_t otlab_attr_reverse(void) { return WA_REVERSE; }
static inline attr_t otlab_attr_underline(void) { return WA_UNDERLINE; }

static inline unsigned long otlab_all_mouse_events(void) { return (unsigned long)ALL_MOUSE_EVENTS; }
static inline unsigned long otlab_report_mouse_position(void) { return (unsigned long)REPORT_MOUSE_POSITION; }
static inline unsigned long otlab_button1_pressed(void) { return (unsigned long)BUTTON1_PRESSED; }
static inline unsigned long otlab_button1_released(void) { return (unsigned long)BUTTON1_RELEASED; }
static inline unsigned long otlab_button1_clicked(void) { return (unsigned long)BUTTON1_CLICKED; }
static inline unsigned long otlab_button2_pressed(void) { return (unsigned long)BUTTON2_PRESSED; }
static inline unsigned long otlab_button2_released(void) { return (unsigned long)BUTTON2_RELEASED; }
static inline unsigned long otlab_button2_clicked(void) { return (unsigned long)BUTTON2_CLICKED; }
static inline unsigned long otlab_button3_pressed(void) { return (unsigned long)BUTTON3_PRESSED; }
static inline unsigned long otlab_button3_released(void) { return (unsigned long)BUTTON3_RELEASED; }
static inline unsigned long otlab_button3_clicked(void) { return (unsigned long)BUTTON3_CLICKED; }
static inline unsigned long otlab_button4_pressed(void) { return (unsigned long)BUTTON4_PRESSED; }
static inline unsigned long otlab_button5_pressed(void) {
#ifdef BUTTON5_PRESSED
    return (unsigned long)BUTTON5_PRESSED;
#else
    return 0;
#endif
}

/* Reads one mouse event; returns OK or ERR. Coordinates are 0-based screen cells. */
static inline int otlab_get_mouse(int *x, int *y, unsigned long *bstate) {
    MEVENT event;
    int result = getmouse(&event);
    if (result == OK) {
        *x = event.x;
        *y = event.y;
        *bstate = (unsigned long)event.bstate;
    }
    return result;
}

/* Writes one grapheme (up to 7 wide chars, NUL-terminated) at (y, x) with attributes and an
   extended colour pair (pair numbers above 32767 need the opts pointer). */
static inline int otlab_put_cell(WINDOW *window, int y, int x, const wchar_t *text, attr_t attributes, int pair) {
    cchar_t cell;
    int extendedPair = pair;
    if (setcchar(&cell, text, attributes, 0, &extendedPair) != OK) return ERR;
    return mvwadd_wch(window, y, x, &cell);
}

#endif
