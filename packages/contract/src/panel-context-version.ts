/** Version of the panel context the shell hands to panels; a panel declares the major it needs. Kept free of zod so front ends can read it cheaply. */
export const PANEL_CONTEXT_VERSION = '1.1.0';
