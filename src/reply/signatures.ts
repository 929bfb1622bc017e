/**
 * Signatures: the RFC 3676 "-- " delimiter, the taglines mail apps append
 * ("Sent from my iPhone", "发自我的iPhone", "来自网易邮箱大师", "Get Outlook
 * for iOS"…), and signatures the client marked in its HTML, which the plain
 * part carries unmarked.
 */
import { isBlank } from './text-lines.js';

const TAGLINES: RegExp[] = [
	/^Sent from (?:my |the )?(?:iPhone|iPad|iPod|Android|mobile|phone|Samsung|Galaxy|Huawei|HUAWEI|Xiaomi|Mi |Redmi|OnePlus|OPPO|vivo|Honor|BlackBerry|Windows Phone|Nokia|Pixel|Surface|Mail for Windows|Outlook|Yahoo Mail|Gmail|Lark|Feishu|ProtonMail|Proton Mail|Spark|Edison|Newton|BlueMail|Aqua Mail|Nine|Mail Master|NetEase Mail Master|WeCom|QQ Mail)\b.*$/i,
	/^Sent (?:from|with|via) .{1,40}$/i,
	/^Sent from my .{1,40}$/i,
	/^Get (?:Outlook|the Outlook app) for (?:iOS|Android|Mac|Windows)\b.*$/i,
	/^(?:Download|Get) Outlook for (?:iOS|Android)\b.*$/i,
	/^获取\s*Outlook\s*(?:for|适用于)?\s*(?:iOS|Android)\b.*$/i,
	/^(?:取得|下載)\s*(?:iOS|Android)?\s*版?\s*Outlook.*$/i,
	/^(?:从|從)\s*(?:我的)?\s*.{0,20}(?:发送|傳送|发出|寄出)\s*$/,
	/^(?:发自|發自|来自|來自|寄自)\s*(?:我的)?\s*.{1,30}$/,
	/^(?:Von meinem|Envoyé de mon|Enviado desde mi|Inviato da) .{1,40}$/i,
];

const MAX_TAGLINE_WITH_LINK = 400;
const DEVICE = /\b(?:iPhone|iPad|iPod|Android|Outlook|BlackBerry|Galaxy|Samsung|Huawei|Xiaomi|Mail\.ru|Windows Phone)\b|iPhone|iPad|Яндекс\s*Почты|Почты Mail\.ru/i;

/** Whether a whole line is an app's tagline rather than the user's words. */
export function isTagline(line: string): boolean {
	// A tagline with its link is short; the link pattern below rescans from every "<http" of a long line.
	if (line.length > MAX_TAGLINE_WITH_LINK) return false;
	const text = line.trim().replace(/<https?:[^>]*>|\(https?:[^)]*\)|\[https?:[^\]]*\]/g, '').trim();
	if (text.length === 0 || text.length > 60) return false;
	// A tagline is one short phrase: a clause after it ("Sent from my iPhone — do NOT deploy it") makes it the user's sentence.
	if (/[—–;!?,]|\s-\s|\.\s+\S|。\s*\S/.test(text)) return false;
	// Chinese taglines name a phone or mail app; a sentence like "来自客户的需求" must not match.
	if (/^(?:发自|發自|来自|來自|寄自|从|從)/.test(text)) return text.length <= 24 && !/[，。；！？,;!?]/.test(text) && /iPhone|iPad|Android|手机|手機|邮箱|郵箱|Mail|Outlook|QQ|网易|網易|飞书|飛書|Lark|企业微信|企業微信|华为|華為|小米|Mac|Windows|设备|裝置|设备|平板|HarmonyOS|鸿蒙/i.test(text);
	if (TAGLINES.some((pattern) => pattern.test(text))) return true;
	// Any language: a short line naming the device or app it was sent from ("iPhoneから送信", "Obter o Outlook para Android").
	return text.length <= 48 && DEVICE.test(text) && !/[.?!。？！,，;；]$/.test(text) && text.split(/\s+/).length <= 7;
}

/**
 * Drops the signature after a "-- " line and tagline lines at the end;
 * fenced lines are left alone. The signature is the paragraph under the
 * delimiter (name, title, number): a paragraph the user wrote after it
 * ("P.S. Not to production.") is visible text of theirs and stays.
 */
export function stripTextSignature(chunk: string[], fenced: boolean[], clientMarkedSignature = false): string[] {
	let lines = chunk;
	let keep = fenced;
	for (let i = 0; i < chunk.length; i++) {
		if (fenced[i]) continue;
		const line = chunk[i] ?? '';
		// RFC 3676's delimiter is "-- " with the space: a bare "--" or a dash is the user's own line ("Deploy it.\n--\nWait, no…").
		// A bare "--" counts only when the client marked a signature in its HTML (its plain part trims the space).
		if (line === '-- ' || line === '-- ' + '\u00a0' || line === '--\u00a0' || (clientMarkedSignature && line === '--')) {
			let after = i + 1;
			while (after < chunk.length && !isBlank(chunk[after])) after++;
			if (i > 0 && isBlank(chunk[i - 1])) after++; // one blank line between the user's paragraphs, not two
			lines = [...chunk.slice(0, i), ...chunk.slice(after)];
			keep = [...fenced.slice(0, i), ...fenced.slice(after)];
			break;
		}
	}
	// Taglines go only from the end: a line that merely looks like one in the middle of the text stays.
	// A bare "--" (a client that trims the delimiter's space) ends the text only when nothing but a tagline follows it.
	let end = lines.length;
	while (end > 0 && !keep[end - 1] && (isBlank(lines[end - 1]) || isTagline(lines[end - 1] ?? '') || /^\s*(?:--|—)\s*$/.test(lines[end - 1] ?? ''))) end--;
	return lines.slice(0, end);
}

/** Removes a client-marked signature (text from the HTML part) from the end of a chunk. */
export function stripKnownSignature(chunk: string[], signature: string): string[] {
	const key = squash(signature);
	if (!key) return chunk;
	let end = chunk.length;
	while (end > 0 && isBlank(chunk[end - 1])) end--;
	let joined = '';
	for (let k = end - 1; k >= 0; k--) {
		joined = squash(chunk[k] ?? '') + joined;
		if (joined === key) return chunk.slice(0, k);
		if (joined.length > key.length) break;
	}
	// The signature may also sit in the middle, with the client's tagline after it.
	return chunk;
}

function squash(text: string): string {
	return text.replace(/[\s\u00a0\u3000]+/g, '');
}
