/** A file a person attached in Teams: its content carries a short-lived download URL. */
export const FILE_DOWNLOAD_INFO = 'application/vnd.microsoft.teams.file.download.info';
/** Teams' card asking the person to accept a file into their OneDrive. */
export const FILE_CONSENT_CARD = 'application/vnd.microsoft.teams.card.file.consent';
/** Teams' card showing a file that now sits in the person's OneDrive. */
export const FILE_INFO_CARD = 'application/vnd.microsoft.teams.card.file.info';
