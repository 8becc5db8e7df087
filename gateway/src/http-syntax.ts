/**
 * What HTTP/1.1 allows in a header (RFC 9110 §5.1, §5.5), shared by the config (a check's or an
 * operation's headers, refused at load) and the probe (the request it writes, the response it reads).
 */

/** A token: a header name, or a method. */
export const HTTP_TOKEN = /^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/;

/** A header value as Node's client allows it: no CR, LF, NUL or other control byte but tab. */
export const HTTP_FIELD_VALUE = /^[\t\x20-\x7e\x80-\xff]*$/;
