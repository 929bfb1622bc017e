/**
 * Every refusal reason, with its English and Chinese sentence side by side:
 * a code without both does not compile (`satisfies`), so an answer mail is
 * never half in one language. The sentence says what to do where the user
 * can do something. Extraction diagnostics (body:text, quote, history:…)
 * are not reasons and never appear here or in an answer mail.
 */
import type { Language } from '../config/fields.js';

type Sentences = { readonly [L in Language]: string };

const PLAIN = { en: 'send the reply as plain text', zh: '请以纯文本发送回复' };

export const REASONS = {
	'parse-error': { en: 'the mail could not be parsed', zh: '邮件无法解析' },
	'too-large': { en: 'the mail is larger than 10 MB in all, so it was not read; send fewer or smaller pictures (two phone photos can pass 10 MB once encoded), or the reply without attachments', zh: '邮件总大小超过 10 MB，没有读取；请少发或压缩图片（两张手机照片编码后就可能超过 10 MB），或去掉附件后再回复' },
	'too-complex': { en: 'the mail is too large or too complex to check within the per-mail budget (headers over 64 KB, a text part over 1 MB, HTML with more than 60,000 tags or markup that makes a parser build more than 100,000 elements, more than 3 s of checking, or it stopped the watcher while being checked), so nothing was typed; send a shorter reply without the quoted thread', zh: '邮件太大或太复杂，无法在每封邮件的处理限额内检查完（邮件头超过 64 KB、正文超过 1 MB、HTML 超过 60,000 个标签或其标记使解析器生成超过 100,000 个元素、检查超过 3 秒，或检查时监听程序中断了），因此没有输入任何内容；请发送不带引用内容的简短回复' },
	'mail-gone': { en: 'the mail was deleted from the mailbox before it could be read', zh: '邮件在读取之前已从邮箱中删除' },
	'sender-not-allowed': { en: 'the sender is not on the whitelist (ALLOWED_SENDERS)', zh: '发件人不在白名单中（ALLOWED_SENDERS）' },
	'several-from': { en: 'the mail names several senders', zh: '邮件列出了多个发件人' },
	'no-message-id': { en: 'the mail has no Message-ID', zh: '邮件没有 Message-ID' },
	'duplicate-message-id': { en: 'this mail was already handled once', zh: '这封邮件已经处理过一次' },
	'no-token': { en: 'no TaskPing token found: reply to a notification, or put [TaskPing #TOKEN] in the subject', zh: '没有找到 TaskPing 令牌：请回复通知邮件，或在主题中写上 [TaskPing #令牌]' },
	'several-tokens': { en: 'the mail carries several different tokens; reply to one notification at a time', zh: '邮件中有多个不同的令牌；请一次只回复一封通知' },
	'token-mismatch': { en: 'the token in the subject does not match the notification this replies to', zh: '主题中的令牌与所回复的通知不一致' },
	'unknown-token': { en: 'the token is not known on this machine', zh: '这台机器不认识这个令牌' },
	'expired-token': { en: 'the token has expired; reply to a newer notification', zh: '令牌已过期；请回复更新的通知' },
	'session-expired': { en: 'that session has expired; reply to a newer notification', zh: '该会话已过期；请回复更新的通知' },
	empty: { en: 'no new text was found above the quoted notification', zh: '在引用的通知上方没有找到新内容' },
	'forward-without-note': { en: 'the mail forwards the notification without any text of your own', zh: '邮件只是转发了通知，没有您自己写的内容' },
	error: { en: 'the text of the mail could not be read, so nothing was typed', zh: '无法读取邮件正文，因此没有输入任何内容' },
	'shell-mode': { en: 'replies starting with ! would run a shell command directly and are refused', zh: '以 ! 开头的回复会直接执行 shell 命令，已拒绝' },
	'slash-command': { en: 'replies starting with / would run a Claude Code slash command and are refused', zh: '以 / 开头的回复会执行 Claude Code 斜杠命令，已拒绝' },
	'denied-pattern': { en: 'the reply matches a blocked command pattern', zh: '回复匹配了被禁止的命令模式' },
	'too-long': { en: 'the reply is longer than the limit (TASKPING_MAX_REPLY_LENGTH)', zh: '回复超过长度限制（TASKPING_MAX_REPLY_LENGTH）' },
	'no-tmux': { en: 'that Claude Code session does not run inside tmux', zh: '该 Claude Code 会话不在 tmux 中运行' },
	'pane-gone': { en: 'the tmux pane of that session no longer exists', zh: '该会话的 tmux 窗格已不存在' },
	'claude-gone': { en: 'Claude Code no longer runs in that tmux pane', zh: '该 tmux 窗格中已不再运行 Claude Code' },
	'session-changed': { en: 'that pane now runs a different Claude session; reply to its newest notification', zh: '该窗格现在运行的是另一个 Claude 会话；请回复它最新的通知' },
	'claude-state-unknown': { en: "Claude Code's state could not be read, so nothing was typed", zh: '无法读取 Claude Code 的状态，因此没有输入任何内容' },
	'dialog-open': { en: 'Claude is showing a dialog; typing there could approve it, so nothing was typed', zh: 'Claude 正在显示对话框；在那里输入可能会批准操作，因此没有输入' },
	'claude-busy': { en: 'Claude stayed busy; send the reply again when it has finished', zh: 'Claude 一直在忙；等它完成后再发送一次' },
	'inject-failed': { en: 'typing into the tmux pane failed', zh: '向 tmux 窗格输入失败' },
	'input-not-empty': { en: "something is already typed in Claude Code's input box; nothing was added to it", zh: 'Claude Code 的输入框里已有文字；没有追加任何内容' },
	'dialog-closed': { en: 'that dialog is no longer open; a late answer is never typed as a prompt', zh: '该对话框已经关闭；迟到的回答不会被当作指令输入' },
	'unclear-answer': { en: 'the answer was not understood, so nothing was pressed', zh: '没能理解这个回答，因此没有按任何键' },
	'always-disabled': { en: '"always" is switched off in the configuration; answer yes to approve once', zh: '配置中关闭了“总是允许”；回复“批准”以允许一次' },
	'multi-select': { en: 'questions with several answers must be answered at the terminal', zh: '多选问题需要在终端中回答' },
	'option-not-shown': { en: 'the dialog does not offer that choice', zh: '对话框中没有这个选项' },
	'unknown-dialog-layout': { en: 'the dialog on screen is not one TaskPing knows, so nothing was pressed; answer it at the terminal', zh: '屏幕上的对话框不是 TaskPing 认识的样式，因此没有按任何键；请在终端中回答' },
	'dialog-focus-mismatch': { en: 'the dialog did not focus the option meant, so nothing was chosen; the dialog is still open', zh: '对话框没有选中预期的选项，因此没有做出选择；对话框仍然打开' },
	unsanitised: { en: 'the reply still contains control characters', zh: '回复中仍含有控制字符' },
	'sender-not-authenticated': { en: 'the mail is not proven to come from that address: your mail server reported no DMARC pass and no DKIM signature aligned with its domain', zh: '无法证明邮件来自该地址：邮件服务器没有报告 DMARC 通过或与域名一致的 DKIM 签名' },
	'authserv-id-not-set': { en: "senders cannot be authenticated yet: save one of your own replies as .eml, run taskping inspect on it to see your mail server's authserv-id, then taskping config set TASKPING_AUTHSERV_ID <id>", zh: '尚未配置发件人验证：请把您的一封回复另存为 .eml，运行 taskping inspect 查看邮件服务器的 authserv-id，然后执行 taskping config set TASKPING_AUTHSERV_ID <id>' },
	'not-a-recipient': { en: 'the sender is not one of the addresses this notification was sent to (TASKPING_BIND_RECIPIENTS)', zh: '发件人不是这封通知的收件人之一（TASKPING_BIND_RECIPIENTS）' },
	'not-addressed-to-service': { en: 'the mail is not addressed (To or Cc) to the TaskPing mailbox: a mail sent to someone else and passed on is never typed; reply to the notification itself', zh: '邮件的收件人（To 或 Cc）不是 TaskPing 邮箱：发给别人再转来的邮件不会被输入；请直接回复通知邮件' },
	'unsigned-addressing': { en: "the headers that address this mail to TaskPing (To/Cc) or carry its token (Subject, In-Reply-To) are not covered by your provider's DKIM signature, and the mail did not come straight from your own address (no SPF pass for it), so it could be someone else's mail re-sent with TaskPing added; reply to the notification directly from your own mailbox to the TaskPing address, not through a forward, alias or mailing list", zh: '把这封邮件发给 TaskPing 的邮件头（收件人/抄送）或携带令牌的邮件头（主题、In-Reply-To）不在您邮件服务商的 DKIM 签名范围内，而且邮件也不是直接从您自己的地址发出的（没有针对该地址的 SPF 通过），因此它可能是别人把发给他人的邮件加上 TaskPing 后重新发送的；请从您自己的邮箱直接回复通知邮件到 TaskPing 地址，不要经过转发、别名或邮件列表' },
	'terminal-control': { en: 'the reply contains terminal control characters or escape sequences, which could type or submit text of their own', zh: '回复中含有终端控制字符或转义序列，它们可能自行输入或提交文字' },
	'nul-byte': { en: `the mail contains NUL bytes, which mail programs show differently; ${PLAIN.en}`, zh: `邮件中含有 NUL 字节，不同邮件程序显示不同；${PLAIN.zh}` },
	'bidi-control': { en: 'the reply contains bidirectional embedding, override or isolate characters, which show the text in another order than it would be typed; remove them', zh: '回复中含有双向文字嵌入、覆盖或隔离字符，显示顺序与输入顺序不同；请删除它们' },
	'variation-selector': { en: 'the reply contains variation selectors outside an emoji, which can carry hidden data; remove them', zh: '回复中含有不属于表情符号的变体选择符，可能携带隐藏数据；请删除它们' },
	'hidden-text': { en: `the reply contains text a reader does not see, or the plain and HTML parts of the mail say different things; ${PLAIN.en}`, zh: `回复中含有读者看不到的文字，或邮件的纯文本与 HTML 部分内容不一致；${PLAIN.zh}` },
	'invisible-character': { en: 'the reply contains invisible characters (format or filler characters that show as nothing or as a blank, such as U+FFF9 or U+3164), which would be typed though you did not see them; delete them or retype the reply', zh: '回复中含有不可见字符（显示为空白或不显示的格式字符、填充字符，如 U+FFF9 或 U+3164），您看不到它们却会被输入；请删除它们或重新输入回复' },
	'unreadable-characters': { en: 'TaskPing could not read the characters of the reply (bytes not valid in the character set the mail declares), so it would type something other than what you wrote; send it as UTF-8', zh: 'TaskPing 无法读取回复中的字符（字节在邮件声明的字符集中无效），输入的内容会与您写的不同；请用 UTF-8 发送' },
	'struck-text': { en: 'the reply contains crossed-out text (strikethrough), and typing it would say what you took back; delete the crossed-out words instead and send it again', zh: '回复中含有删除线文字，输入它会把您划掉的内容当作指令；请直接删除这些文字后重新发送' },
	'tiny-text': { en: `the reply contains text too small to read (nested small, sub/sup or font sizes), so what would be typed might differ from what you saw; ${PLAIN.en}`, zh: `回复中含有小到无法阅读的文字（嵌套的小号、上下标或字号），输入的内容可能与您看到的不同；${PLAIN.zh}` },
	'html-unsupported': { en: `the HTML part uses formatting TaskPing cannot read with certainty, so what would be typed might differ from what you saw; ${PLAIN.en}`, zh: `HTML 部分使用了 TaskPing 无法确定读取的格式，输入的内容可能与您看到的不同；${PLAIN.zh}` },
	'several-alternatives': { en: `the mail carries several versions of its text (two plain parts, or a kind TaskPing does not read such as text/enriched), and a mail program shows only one; ${PLAIN.en}`, zh: `邮件包含多个版本的正文（两个纯文本部分，或 TaskPing 不读取的类型如 text/enriched），邮件程序只显示其中一个；${PLAIN.zh}` },
	'duplicate-mime-parameter': { en: 'a MIME header of the mail names the same parameter twice (two boundary= or charset=), which mail programs resolve differently', zh: '邮件的 MIME 头中同一参数出现了两次（两个 boundary= 或 charset=），不同邮件程序解析不同' },
	'header-control': { en: 'the subject or sender name contains line breaks or control characters (a header-injection trick)', zh: '主题或发件人名称中含有换行或控制字符（一种头部注入手法）' },
	'unknown-charset': { en: 'the mail uses a character set that cannot be decoded faithfully (such as UTF-7, UTF-16 without a byte order, ISO-2022-JP with JIS-Roman, or the visual-order Hebrew ISO-8859-8), so what would be typed may differ from what you wrote; send it as UTF-8', zh: '邮件使用了无法准确解码的字符集（如 UTF-7、无字节序标记的 UTF-16、带 JIS-Roman 的 ISO-2022-JP，或视觉顺序希伯来文 ISO-8859-8），输入的内容可能与您写的不同；请用 UTF-8 发送' },
	'unreadable-encoding': { en: `the mail is packed in a way mail programs unpack differently (a transfer encoding other than 7bit, 8bit, quoted-printable or base64, such as x-uuencode, or base64 that goes on after its end), so what would be typed might differ from what you saw; ${PLAIN.en}`, zh: `邮件的编码方式在不同邮件程序中解码结果不同（7bit、8bit、quoted-printable、base64 以外的传输编码，如 x-uuencode，或在结束标记之后还有内容的 base64），输入的内容可能与您看到的不同；${PLAIN.zh}` },
	'check-failed': { en: 'the mail could not be checked, so nothing was typed', zh: '邮件无法检查，因此没有输入任何内容' },
	'rate-limited-sender': { en: 'too many mails from this sender in a short time (TASKPING_RATE_PER_SENDER); wait a few minutes. Further replies refused in this window are listed in one summary mail when it closes', zh: '该发件人短时间内邮件过多（TASKPING_RATE_PER_SENDER）；请等几分钟。本时段内被拒绝的其他回复会在时段结束时汇总在一封邮件里' },
	'rate-limited-session': { en: 'too many replies to this session in a short time (TASKPING_RATE_PER_SESSION); wait a few minutes. Further replies refused in this window are listed in one summary mail when it closes', zh: '该会话短时间内回复过多（TASKPING_RATE_PER_SESSION）；请等几分钟。本时段内被拒绝的其他回复会在时段结束时汇总在一封邮件里' },
	'expired-while-queued': { en: "the reply waited for Claude to finish its turn, but the token's lifetime ended first; nothing was typed. Reply to a newer notification", zh: '这条回复在等待 Claude 完成当前这一轮，但令牌先过期了；没有输入任何内容。请回复更新的通知' },
	'typing-interrupted': { en: "the watcher stopped while typing this reply and Claude never received it; it may still sit in Claude's input box. Send it again if it is still wanted", zh: '输入这条回复时监听程序中断了，Claude 没有收到；文字可能还留在 Claude 的输入框里。如仍需要，请重新发送' },
	'probable-duplicate': { en: 'the same text was typed into this session moments ago (TASKPING_DUPLICATE_WINDOW_SECONDS); send it again later if you mean it', zh: '同样的内容刚刚已输入过这个会话（TASKPING_DUPLICATE_WINDOW_SECONDS）；如确有需要请稍后再发' },
	'needs-confirmation': { en: 'this reply is held until you confirm it with the code below', zh: '这条回复已暂缓，需要用下面的确认码确认' },
	'wrong-code': { en: 'that confirmation code is wrong or has expired; nothing was typed', zh: '确认码错误或已过期；没有输入任何内容' },
	interrupted: { en: 'the watcher was interrupted while handling this mail', zh: '监听程序在处理时中断了' },
	reconciled: { en: 'the outcome was recovered after the watcher restarted', zh: '监听程序重启后恢复了处理结果' },
	'config-invalid': { en: 'the TaskPing configuration is invalid', zh: 'TaskPing 配置无效' },
	'attachment-not-picture': { en: 'the mail has an attachment that is not a picture: only PNG, JPEG, GIF and WebP pictures can go to Claude; paste text into the reply instead', zh: '邮件中有不是图片的附件：只有 PNG、JPEG、GIF 和 WebP 图片可以发给 Claude；请把文字直接写在回复里' },
	'picture-heic': { en: 'HEIC photos cannot be read by Claude: send a screenshot, or a JPEG (iPhone: Settings → Camera → Formats → Most Compatible)', zh: 'Claude 无法读取 HEIC 照片：请发送截图或 JPEG（iPhone：设置 → 相机 → 格式 → 兼容性最佳）' },
	'picture-not-readable': { en: 'an attachment says it is a picture but is not a PNG, JPEG, GIF or WebP picture', zh: '有附件声称是图片，但不是 PNG、JPEG、GIF 或 WebP 图片' },
	'picture-too-large': { en: 'a picture is larger than 5 MB: send a smaller one (a screenshot, or the photo at a reduced size)', zh: '图片超过 5 MB：请发送小一些的图片（截图，或缩小后的照片）' },
	'too-many-pictures': { en: 'more than 5 pictures in one reply: send at most 5', zh: '一封回复中的图片超过 5 张：最多发送 5 张' },
	'picture-for-dialog': { en: 'a picture cannot go with an answer to a permission or question dialog: answer the dialog, then send the picture with your next instruction', zh: '回答授权或提问对话框时不能附带图片：请先回答对话框，再随下一条指令发送图片' },
	'picture-path': { en: "the pictures could not be handed to Claude Code: TaskPing's state folder has spaces or special characters in its path (set TASKPING_HOME to a plain path)", zh: 'TaskPing 状态目录的路径含有空格或特殊字符，图片无法交给 Claude Code（请把 TASKPING_HOME 设为普通路径）' },
	'picture-not-saved': { en: 'the pictures could not be saved, so nothing was typed', zh: '图片无法保存，因此没有输入任何内容' },
} as const satisfies Record<string, Sentences>;

export type ReasonCode = keyof typeof REASONS;

const DYNAMIC = {
	duplicateHeader: { en: (name: string) => `the mail has the ${name} header more than once (a forgery trick)`, zh: (name: string) => `邮件中 ${name} 头出现了多次（一种伪造手法）` },
	automated: { en: 'the mail is an automatic message (auto-reply, bounce or receipt)', zh: '这是一封自动邮件（自动回复、退信或回执）' },
	unknown: { en: (code: string) => `the mail was refused (${code})`, zh: (code: string) => `邮件被拒绝（${code}）` },
} as const;

export function isReasonCode(code: string): code is ReasonCode {
	return Object.hasOwn(REASONS, code);
}

/** The sentence for a reason code (or `duplicate-header:<name>`, `automated:<why>`) in a language, English by default. */
export function describeReason(code: string, language: Language = 'en'): string {
	if (code.startsWith('duplicate-header:')) return DYNAMIC.duplicateHeader[language](code.slice(17));
	if (code.startsWith('automated')) return DYNAMIC.automated[language];
	return isReasonCode(code) ? REASONS[code][language] : DYNAMIC.unknown[language](code);
}
