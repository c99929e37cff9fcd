#ifndef OTLAB_CNCURSES_SHIM_H
#define OTLAB_CNCURSES_SHIM_H
/* The wide-character API is only visible with these defined (SwiftPM drops pkg-config's -D flags). */
#define NCURSES_WIDECHAR 1
#define _XOPEN_SOURCE_EXTENDED 1
#include <locale.h>
#include <langinfo.h>
#include <ncursesw/curses.h>
#endif
