/* SPDX-License-Identifier: MIT */
#ifndef ONEPATH_IMAGE_H
#define ONEPATH_IMAGE_H
/* Where the linker put the image (linker.ld defines these). */
extern const char image_start[], image_end[];
extern const char image_text_start[], image_text_end[];
extern const char image_rodata_start[], image_rodata_end[];
#endif
