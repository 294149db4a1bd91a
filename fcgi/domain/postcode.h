/*
 * postcode.h — Dutch postcodes: "1234", "1234AB" and "1234 AB".
 * A session keeps only the four digits (the PC4 area); a referral, made
 * with consent, the whole postcode.  Pure, no I/O.
 */
#ifndef ZT_POSTCODE_H
#define ZT_POSTCODE_H

/*
 * Returns the PC4 area (1000..9999) of a well-formed postcode, or -1.
 * Letters may be upper or lower case; SA, SD and SS are never issued.
 */
int postcode_parse(const char *s);

#define POSTCODE_TEXT 8 /* "1234 AB" and a NUL */

/* The normal form of a postcode that postcode_parse accepted: "1234" or "1234 AB". */
void postcode_format(const char *valid, char out[POSTCODE_TEXT]);

#endif
