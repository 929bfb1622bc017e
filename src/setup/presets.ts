/**
 * Mail providers a service mailbox is likely to live at: the servers, ports
 * and TLS mode that work, where the app password is made, and what else
 * must be switched on. Hosts and ports as the providers document them.
 */
export interface Endpoint {
	host: string;
	port: number;
	/** true: TLS from the first byte (465 / 993); false: STARTTLS. */
	secure: boolean;
}

export interface Preset {
	id: string;
	name: string;
	smtp: Endpoint | null;
	imap: Endpoint | null;
	/** Address domains that identify the provider, so `init` can guess it. */
	domains: string[];
	/** Where the app password (authorisation code) is made. */
	passwordHint: string;
	/** The authserv-id its receiving servers write into Authentication-Results, when stable and known. */
	authservId?: string;
	warning?: string;
}

export const PRESETS: readonly Preset[] = [
	{
		id: 'gmail', name: 'Gmail', domains: ['gmail.com', 'googlemail.com'],
		smtp: { host: 'smtp.gmail.com', port: 465, secure: true }, imap: { host: 'imap.gmail.com', port: 993, secure: true },
		passwordHint: 'Google Account → Security → 2-Step Verification (must be on) → App passwords: https://myaccount.google.com/apppasswords — 16 letters, spaces do not matter',
		authservId: 'mx.google.com',
	},
	{
		id: 'outlook', name: 'Outlook.com / Microsoft 365', domains: ['outlook.com', 'hotmail.com', 'live.com', 'msn.com'],
		smtp: { host: 'smtp.office365.com', port: 587, secure: false }, imap: { host: 'outlook.office365.com', port: 993, secure: true },
		passwordHint: 'account.microsoft.com → Security → Advanced security options → App passwords (needs two-step verification); for Microsoft 365 your admin must allow SMTP AUTH',
		warning: 'Microsoft has turned off password logins for IMAP/SMTP on Outlook.com and most Microsoft 365 tenants (OAuth2 only, which TaskPing does not speak yet). This only works where app passwords / basic auth are still allowed; the live check below will tell.',
	},
	{
		id: 'icloud', name: 'iCloud Mail', domains: ['icloud.com', 'me.com', 'mac.com'],
		smtp: { host: 'smtp.mail.me.com', port: 587, secure: false }, imap: { host: 'imap.mail.me.com', port: 993, secure: true },
		passwordHint: 'account.apple.com → Sign-In and Security → App-Specific Passwords → generate one (format xxxx-xxxx-xxxx-xxxx)',
	},
	{
		id: 'qq', name: 'QQ Mail (QQ 邮箱)', domains: ['qq.com', 'foxmail.com', 'vip.qq.com'],
		smtp: { host: 'smtp.qq.com', port: 465, secure: true }, imap: { host: 'imap.qq.com', port: 993, secure: true },
		passwordHint: 'QQ Mail web → 设置 Settings → 账户 Account → POP3/IMAP/SMTP 服务: turn on IMAP/SMTP, then 生成授权码 (generate the authorisation code) — use that code as the password',
	},
	{
		id: '163', name: 'NetEase 163 Mail (163 邮箱)', domains: ['163.com'],
		smtp: { host: 'smtp.163.com', port: 465, secure: true }, imap: { host: 'imap.163.com', port: 993, secure: true },
		passwordHint: '163 Mail web → 设置 Settings → POP3/SMTP/IMAP: turn on IMAP/SMTP, then set the 客户端授权密码 (client authorisation password) — use it as the password',
	},
	{
		id: '126', name: 'NetEase 126 Mail (126 邮箱)', domains: ['126.com'],
		smtp: { host: 'smtp.126.com', port: 465, secure: true }, imap: { host: 'imap.126.com', port: 993, secure: true },
		passwordHint: '126 Mail web → 设置 Settings → POP3/SMTP/IMAP: turn on IMAP/SMTP, then set the 客户端授权密码 (client authorisation password)',
	},
	{
		id: 'feishu', name: 'Feishu Mail (飞书邮箱)', domains: [],
		smtp: { host: 'smtp.feishu.cn', port: 465, secure: true }, imap: { host: 'imap.feishu.cn', port: 993, secure: true },
		passwordHint: 'Feishu Mail → 设置 Settings → 第三方邮件客户端 Third-party email client: turn it on and generate the 专用密码 (dedicated password)',
	},
	{
		id: 'lark', name: 'Lark Mail', domains: [],
		smtp: { host: 'smtp.larksuite.com', port: 465, secure: true }, imap: { host: 'imap.larksuite.com', port: 993, secure: true },
		passwordHint: 'Lark Mail → Settings → Third-party email clients: enable and generate a dedicated password',
	},
	{
		id: 'exmail', name: 'Tencent Exmail (腾讯企业邮)', domains: [],
		smtp: { host: 'smtp.exmail.qq.com', port: 465, secure: true }, imap: { host: 'imap.exmail.qq.com', port: 993, secure: true },
		passwordHint: 'Exmail web → 设置 Settings → 账户 Account: turn on IMAP/SMTP; with WeChat secure login on, create a 客户端专用密码 (client-specific password)',
	},
	{
		id: 'custom', name: 'Other (enter the servers yourself)', domains: [],
		smtp: null, imap: null,
		passwordHint: 'use an app password if your provider offers one; the live check says whether the login works',
	},
];

export const findPreset = (id: string): Preset | undefined => PRESETS.find((preset) => preset.id === id.toLowerCase());

/** The provider an address belongs to, by its domain; custom when unknown. */
export function guessPreset(address: string): Preset {
	const domain = address.slice(address.lastIndexOf('@') + 1).toLowerCase();
	return PRESETS.find((preset) => preset.domains.includes(domain)) ?? findPreset('custom')!;
}
