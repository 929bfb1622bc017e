/**
 * Which attachments of a reply may go to Claude: pictures only, by an
 * allow-list of what phones and mail apps send (PNG, JPEG, GIF, WebP), each
 * recognised by its bytes *and* declared as that picture type — never by the
 * sender's file name. Anything else refuses the whole reply with a reason the
 * person can act on (the text may depend on the attachment: typing it without
 * would not be what they meant). Pure: the bytes are saved by inject/pictures.ts.
 */
import type { Picture, PictureType } from '../inject/pictures.js';

export interface AttachmentReview {
	pictures: Picture[];
	/** Refusal codes (mail/reasons.ts). */
	reasons: string[];
	/** One line per attachment for `inspect`: what it was and what was decided. */
	details: string[];
}

/** Claude's Messages API takes at most 5 MB per picture; a few per reply is plenty from a phone. */
export const MAX_PICTURE_BYTES = 5 * 1024 * 1024;
export const MAX_PICTURES = 5;

type AttachmentLike = { contentType?: string; filename?: string; size?: number; content?: Buffer | unknown };

const DECLARED: Record<string, PictureType> = { 'image/png': 'png', 'image/jpeg': 'jpeg', 'image/jpg': 'jpeg', 'image/pjpeg': 'jpeg', 'image/gif': 'gif', 'image/webp': 'webp' };

/** The picture type the bytes are, from their signature, or null. */
export function sniffPicture(bytes: Buffer): PictureType | 'heic' | null {
	if (bytes.length >= 8 && bytes.subarray(0, 8).equals(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]))) return 'png';
	if (bytes.length >= 3 && bytes[0] === 0xff && bytes[1] === 0xd8 && bytes[2] === 0xff) return 'jpeg';
	if (bytes.length >= 6 && /^GIF8[79]a$/.test(bytes.subarray(0, 6).toString('latin1'))) return 'gif';
	if (bytes.length >= 12 && bytes.subarray(0, 4).toString('latin1') === 'RIFF' && bytes.subarray(8, 12).toString('latin1') === 'WEBP') return 'webp';
	// ISO base media "ftyp" box with a HEIF brand: what iPhones send by default.
	if (bytes.length >= 12 && bytes.subarray(4, 8).toString('latin1') === 'ftyp' && /^(?:heic|heix|hevc|hevx|mif1|msf1|heim|heis)$/.test(bytes.subarray(8, 12).toString('latin1'))) return 'heic';
	return null;
}

/** A name or type as safe, short text for a log line (no control characters). */
const shown = (value: string | undefined) => (value ?? '').replace(/[\x00-\x1f\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069]/g, '?').slice(0, 60);

/** Reviews the attachments of a verified reply. `forDialog`: the reply answers a dialog, which takes keys, not pictures. */
export function reviewAttachments(attachments: readonly AttachmentLike[], forDialog: boolean): AttachmentReview {
	const review: AttachmentReview = { pictures: [], reasons: [], details: [] };
	const refuse = (code: string, detail: string) => {
		if (!review.reasons.includes(code)) review.reasons.push(code);
		review.details.push(detail);
	};
	attachments.forEach((attachment, index) => {
		const declared = (attachment.contentType ?? '').toLowerCase().split(';')[0]!.trim();
		const bytes = Buffer.isBuffer(attachment.content) ? attachment.content : Buffer.alloc(0);
		const label = `attachment ${index + 1} (${shown(declared) || 'no type'}, ${shown(attachment.filename) || 'no name'}, ${bytes.length} bytes)`;
		const sniffed = sniffPicture(bytes);
		if (sniffed === 'heic' || /^image\/hei[cf]/.test(declared)) return refuse('picture-heic', `${label}: refused, HEIC`);
		// Signatures (S/MIME, PGP) and documents a client attaches are not sent to Claude; the text still is.
		if (!declared.startsWith('image/')) return void review.details.push(`${label}: not a picture, not sent to Claude`);
		if (!DECLARED[declared] || sniffed !== DECLARED[declared]) return refuse('picture-not-readable', `${label}: refused, the bytes are ${sniffed ?? 'not a known picture format'}`);
		if (bytes.length > MAX_PICTURE_BYTES) return refuse('picture-too-large', `${label}: refused, over ${MAX_PICTURE_BYTES} bytes`);
		if (forDialog) return refuse('picture-for-dialog', `${label}: refused, the reply answers a dialog`);
		if (review.pictures.length >= MAX_PICTURES) return refuse('too-many-pictures', `${label}: refused, more than ${MAX_PICTURES} pictures`);
		review.pictures.push({ type: sniffed, content: bytes });
		review.details.push(`${label}: picture ${review.pictures.length} (${sniffed}), sent to Claude`);
	});
	return review;
}
