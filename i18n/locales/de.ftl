# Portico-Benutzeroberfläche: Deutsch.
# Jede ID muss in jeder Sprachdatei stehen; ein Test prüft das.

app-name = Portico
app-tagline = Portal für die Zusammenarbeit mit Lieferanten
skip-to-content = Zum Inhalt springen
nav-purchase-orders = Bestellungen
nav-main = Hauptnavigation
nav-signed-in-as = Angemeldet als { $name }
nav-sign-out = Abmelden
nav-language = Sprache
nav-language-apply = Sprache ändern
footer-text = Portico — Open-Source-Lieferantenportal

login-title = Bei Portico anmelden
login-subtitle = Bestellungen bestätigen, liefern und abrechnen – alles an einem Ort.
login-email = E-Mail
login-password = Passwort
login-submit = Anmelden
login-failed = E-Mail oder Passwort ist nicht korrekt.
login-missing = Bitte E-Mail und Passwort eingeben.
login-unavailable = Die Anmeldung ist gerade nicht möglich. Bitte versuchen Sie es gleich noch einmal.

workspace-supplier = { $name } — Lieferantenportal
workspace-buyer = { $name } — Einkauf

inbox-title = Bestellungen
inbox-subtitle-supplier = Bestellungen von { $name }
inbox-subtitle-buyer = Alle Lieferanten von { $name }
inbox-filters = Bestellungen filtern
inbox-status = Status
inbox-status-all = Alle Status
inbox-search = Bestellnummer
inbox-search-placeholder = z. B. 4500012
inbox-apply = Anwenden
inbox-reset = Zurücksetzen
inbox-empty = Keine Bestellungen entsprechen diesen Filtern.
inbox-pager = Seiten
inbox-newer = Neuere
inbox-older = Ältere
inbox-first = Erste Seite
inbox-col-number = Bestellnummer
inbox-col-supplier = Lieferant
inbox-col-order-date = Bestelldatum
inbox-col-requested = Wunschtermin
inbox-col-status = Status
inbox-col-lines = Positionen
inbox-col-total = Summe
inbox-bad-request = Diese Liste kann nicht angezeigt werden: { $name }
inbox-bad-cursor = der Seitenlink ist fehlerhaft. Beginnen Sie wieder auf der ersten Seite.
inbox-bad-status = der Statusfilter ist unbekannt.
inbox-bad-search = der Suchtext ist zu lang.
inbox-bad-both = ein Seitenlink kann nicht in beide Richtungen zeigen.

status-new = Neu
status-acknowledged = Bestätigt
status-change_pending = Änderungen offen
status-rejected = Abgelehnt
status-partially_shipped = Teilweise geliefert
status-shipped = Geliefert
status-invoiced = Berechnet
status-closed = Abgeschlossen
status-cancelled = Storniert

po-title = Bestellung { $number }
po-back = Zurück zu den Bestellungen
po-breadcrumb = Navigationspfad
po-version = Version { $version }
po-header = Bestelldaten
po-order-date = Bestelldatum
po-status = Status
po-buyer = Kunde
po-supplier = Lieferant
po-ship-to = Lieferadresse
po-payment-terms = Zahlungsbedingungen
po-incoterms = Incoterms
po-currency = Währung
po-notes = Hinweise
po-lines = Positionen
po-col-line = Pos.
po-col-item = Artikel
po-col-supplier-part = Lieferanten-Art.-Nr.
po-col-description = Beschreibung
po-col-quantity = Menge
po-col-uom = Einheit
po-col-unit-price = Einzelpreis
po-col-requested = Wunschtermin
po-col-amount = Betrag
po-total = Bestellsumme
po-none = —

not-found-title = Nicht gefunden
not-found-text = Die angeforderte Seite oder das Dokument existiert nicht, oder Sie haben keinen Zugriff darauf.
error-title = Etwas ist schiefgelaufen
error-text = Ihre Anfrage konnte nicht ausgeführt werden. Bitte versuchen Sie es erneut; wenn es wieder passiert, wenden Sie sich an Ihre Administration.
loading = Wird geladen…
error-too-many-attempts = Zu viele fehlgeschlagene Versuche. Bitte warten Sie eine Stunde und versuchen Sie es erneut, oder setzen Sie Ihr Passwort zurück.

## E-mailed links
link-invalid = Dieser Link ist ungültig. Vielleicht ist er unvollständig: Öffnen Sie ihn direkt aus der E-Mail oder fordern Sie einen neuen an.
link-expired = Dieser Link ist abgelaufen. Fordern Sie unten einen neuen an.
link-used = Dieser Link wurde bereits verwendet. Jeder Link funktioniert nur einmal; fordern Sie bei Bedarf einen neuen an.

## Passwords
field-email-invalid = Geben Sie eine E-Mail-Adresse wie name@firma.de ein.
password-too-short = Verwenden Sie mindestens 12 Zeichen. Einige unzusammenhängende Wörter ergeben ein starkes, merkbares Passwort.
password-too-long = Verwenden Sie höchstens 1024 Zeichen.
password-too-common = Dieses Passwort ist zu leicht zu erraten (es ist verbreitet oder ähnelt Ihrem Namen oder Ihrer E-Mail-Adresse). Versuchen Sie einige unzusammenhängende Wörter.
password-current-wrong = Ihr aktuelles Passwort ist nicht korrekt.
password-mismatch = Die beiden Passwörter stimmen nicht überein.
password-new = Neues Passwort
password-confirm = Neues Passwort wiederholen
password-current = Aktuelles Passwort
password-hint = Mindestens 12 Zeichen. Lange Passphrasen sind willkommen; Sonderzeichen sind nicht nötig.
login-forgot = Passwort vergessen?
login-notice-password-reset = Ihr Passwort wurde geändert. Melden Sie sich mit dem neuen Passwort an.
forgot-title = Passwort zurücksetzen
forgot-subtitle = Geben Sie die E-Mail-Adresse ein, mit der Sie sich anmelden. Wir senden Ihnen einen Link, um ein neues Passwort zu wählen.
forgot-submit = Link senden
forgot-sent = Falls für diese Adresse ein Konto besteht, ist ein Link zum Zurücksetzen unterwegs. Er gilt 30 Minuten.
back-to-login = Zurück zur Anmeldung
reset-title = Neues Passwort wählen
reset-for = Für { $email }
reset-submit = Neues Passwort speichern
reset-request-new = Neuen Link anfordern

## Account
nav-account = Ihr Konto
account-title = Ihr Konto
account-notice-password-changed = Ihr Passwort wurde geändert. Ihre anderen Sitzungen wurden abgemeldet.
account-notice-session-ended = Die Sitzung wurde abgemeldet.
account-password = Passwort
account-password-submit = Passwort ändern
account-sessions = Wo Sie angemeldet sind
account-sessions-help = Melden Sie jede Sitzung ab, die Sie nicht kennen, und ändern Sie dann Ihr Passwort.
session-browser = Browser
session-signed-in = Angemeldet
session-last-seen = Zuletzt aktiv
session-address = Adresse
session-actions = Aktionen
session-this = Dieser Browser
session-end = Abmelden

## Development mailbox
mailbox-title = Entwicklungs-Postfach
mailbox-help = Es ist kein Mailserver eingerichtet, daher bleiben Nachrichten hier, statt versendet zu werden. Jeder, der diese Seite öffnen kann, kann sie lesen: Richten Sie smtp_url ein, bevor Sie echte Personen einladen.
mailbox-empty = Noch keine Nachrichten.
mailbox-to = An
mailbox-sent = Eingereiht
mailbox-open-link = Link aus dieser Nachricht öffnen

## E-mails
mail-footer = Portico Lieferantenportal. Sie erhalten diese Nachricht wegen einer Aktion in Ihrem Konto.
mail-reset-subject = Portico-Passwort zurücksetzen
mail-reset-intro = Jemand (hoffentlich Sie) hat das Zurücksetzen des Passworts Ihres Portico-Kontos angefordert. Der Link unten funktioniert einmal, { $minutes } Minuten lang.
mail-reset-action = Neues Passwort wählen
mail-reset-outro = Falls Sie das nicht angefordert haben, ignorieren Sie diese Nachricht: Ihr Passwort bleibt unverändert.
mail-invite-subject = { $inviter } lädt Sie zu { $organisation } auf Portico ein
mail-invite-intro = { $inviter } hat Sie eingeladen, mit { $organisation } auf Portico zusammenzuarbeiten, dem Lieferantenportal für Bestellungen, Lieferungen und Rechnungen.
mail-invite-action = Einladung annehmen
mail-invite-outro = Die Einladung funktioniert einmal und läuft in { $days } Tagen ab. Falls Sie sie nicht erwartet haben, können Sie diese Nachricht ignorieren.

## Choosing a customer
workspace-switch-label = Kunde
workspace-switch = Wechseln
workspace-choice-supplier = { $customer } (als { $supplier })

## People and invitations
nav-people = Personen
error-forbidden = Ihre Rolle erlaubt das nicht. Wenden Sie sich an eine Administration Ihrer Organisation.
people-title = Personen
people-invite = Jemanden einladen
people-invite-submit = Einladung senden
people-invited = Einladung an { $email } gesendet. Der Link darin funktioniert einmal, 7 Tage lang.
people-role = Rolle
people-supplier = Lieferant
people-supplier-none = — (für Einkaufsrollen)
people-supplier-hint = Nötig, wenn Sie eine Person eines Lieferanten einladen.
people-pending = Offene Einladungen
people-pending-none = Keine Einladungen offen.
people-expires = Läuft ab
people-members = Mitglieder
people-name = Name
people-disabled = deaktiviert
role-buyer_admin = Einkaufsadministration
role-buyer = Einkauf
role-supplier_admin = Lieferantenadministration
role-supplier_user = Lieferantenmitarbeit
invite-role-not-allowed = Sie können niemanden in diese Rolle einladen.
invite-supplier-missing = Wählen Sie den Lieferanten, für den diese Person arbeitet.
invite-already-member = Diese Person ist hier bereits Mitglied.
invite-password-wrong = Das Passwort ist für dieses Portico-Konto nicht korrekt.
invite-name-missing = Geben Sie Ihren Namen so ein, wie Kolleginnen und Kollegen ihn sehen sollen.
invitation-title = Ihre Einladung
invitation-intro = { $inviter } lädt Sie zu { $place } als { $role } ein.
invitation-at-supplier = { $organisation } für { $supplier }
invitation-new = Wählen Sie Ihren Namen und ein Passwort, um Ihr Portico-Konto anzulegen.
invitation-existing = Sie haben bereits ein Portico-Konto mit dieser Adresse: Bestätigen Sie mit dessen Passwort, dann wird diese Organisation hinzugefügt.
invitation-accept = Annehmen und weiter
invitation-ask-again = Bitten Sie die Person, die Sie eingeladen hat, um eine neue Einladung.
