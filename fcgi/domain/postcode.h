/*
 * postcode.h — Dutch postcodes: "1234", "1234AB" and "1234 AB".
 * Only the four digits (the PC4 area) are ever kept.  Pure, no I/O.
 */
#ifndef ZT_POSTCODE_H
#define ZT_POSTCODE_H

/*
 * Returns the PC4 area (1000..9999) of a well-formed postcode, or -1.
 * Letters may be upper or lower case; SA, SD and SS are never issued.
 */
int postcode_parse(const char *s);

#endif
