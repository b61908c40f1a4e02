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

## Zwei-Faktor-Anmeldung
link-revoked = Dieser Link wurde vom Absender zurückgezogen. Bitten Sie ihn um einen neuen, falls Sie ihn noch brauchen.
mfa-setup-required = Ihre Organisation verlangt die Zwei-Faktor-Anmeldung. Richten Sie sie ein, um fortzufahren.
mfa-code-wrong = Dieser Code ist nicht richtig. Geben Sie den aktuellen sechsstelligen Code aus Ihrer App oder einen Ihrer Wiederherstellungscodes ein.
mfa-not-started = Starten Sie zuerst die Einrichtung.
mfa-not-enabled = Die Zwei-Faktor-Anmeldung ist nicht eingeschaltet.
mfa-required-cannot-disable = Ihre Organisation verlangt die Zwei-Faktor-Anmeldung; sie kann daher nicht ausgeschaltet werden.
mfa-too-many = Zu viele falsche Codes. Zu Ihrer Sicherheit versuchen Sie es in einer Stunde erneut oder wenden Sie sich an Ihre Administration.
mfa-login-title = Zwei-Faktor-Anmeldung
mfa-login-help = Geben Sie den sechsstelligen Code aus Ihrer Authenticator-App ein. Ohne Ihr Telefon geben Sie einen Ihrer Wiederherstellungscodes ein.
mfa-code = Code
mfa-login-submit = Prüfen und anmelden
mfa-login-restart = Mit E-Mail und Passwort neu beginnen
mfa-login-expired = Die Anmeldung hat zu lange gedauert. Bitte geben Sie E-Mail und Passwort erneut ein.
login-notice-invitation-accepted = Die Einladung wurde angenommen. Melden Sie sich mit Ihrem Passwort und Ihrem Zwei-Faktor-Code an, um den neuen Kunden zu öffnen.
mfa-title = Zwei-Faktor-Anmeldung
mfa-notice-mfa-started = Scannen Sie den QR-Code mit Ihrer Authenticator-App und geben Sie dann den angezeigten Code ein.
mfa-notice-mfa-enabled = Die Zwei-Faktor-Anmeldung ist eingeschaltet. Bewahren Sie Ihre Wiederherstellungscodes sicher auf.
mfa-notice-mfa-disabled = Die Zwei-Faktor-Anmeldung ist ausgeschaltet.
mfa-notice-mfa-codes-replaced = Neue Wiederherstellungscodes wurden erstellt; die alten gelten nicht mehr.
mfa-required-banner = Ihre Organisation verlangt die Zwei-Faktor-Anmeldung. Richten Sie sie jetzt ein: Der Rest von Portico öffnet sich, sobald sie eingeschaltet ist.
mfa-codes-title = Ihre Wiederherstellungscodes
mfa-codes-help = Jeder Code funktioniert einmal, falls Sie Ihr Telefon verlieren. Drucken Sie sie aus oder speichern Sie sie jetzt in einem Passwortmanager: Sie werden nicht noch einmal angezeigt.
mfa-off-title = Die Zwei-Faktor-Anmeldung ist ausgeschaltet
mfa-off-help = Mit der Zwei-Faktor-Anmeldung braucht die Anmeldung Ihr Passwort und einen Code aus einer Authenticator-App auf Ihrem Telefon (zum Beispiel Google Authenticator, Microsoft Authenticator, 1Password oder FreeOTP), sodass ein gestohlenes Passwort allein nicht genügt.
mfa-start = Zwei-Faktor-Anmeldung einrichten
mfa-setup-title = Authenticator-App einrichten
mfa-setup-scan = Scannen Sie diesen QR-Code mit Ihrer Authenticator-App.
mfa-qr-alt = QR-Code, um Ihr Portico-Konto einer Authenticator-App hinzuzufügen
mfa-setup-type = Scannen nicht möglich? Geben Sie diesen Schlüssel in die App ein:
mfa-setup-open-app = Auf diesem Telefon? Authenticator-App direkt öffnen
mfa-setup-confirm = Geben Sie Ihr Passwort und den sechsstelligen Code ein, den die App jetzt zeigt, um zu bestätigen, dass es funktioniert. Ihre anderen Sitzungen enden dann.
mfa-code-app = Code aus der App
mfa-confirm = Zwei-Faktor-Anmeldung einschalten
mfa-restart = Mit neuem Schlüssel neu beginnen
mfa-on-title = Zwei-Faktor-Anmeldung
mfa-on-badge = Ein
mfa-on-since = Eingeschaltet am { $when }.
mfa-codes-left = Unbenutzte Wiederherstellungscodes: { $count }
mfa-new-codes-title = Neue Wiederherstellungscodes
mfa-new-codes-help = Erstellt zehn neue Wiederherstellungscodes und macht die alten ungültig. Nutzen Sie dies, wenn Sie mehrere verbraucht haben oder glauben, dass jemand sie gesehen hat.
mfa-new-codes = Neue Wiederherstellungscodes erstellen
mfa-disable-title = Zwei-Faktor-Anmeldung ausschalten
mfa-disable-help = Die Anmeldung braucht dann wieder nur Ihr Passwort.
mfa-disable = Ausschalten
account-two-factor = Zwei-Faktor-Anmeldung
account-two-factor-help = Ein Code von Ihrem Telefon zusätzlich zu Ihrem Passwort.
account-two-factor-manage = Zwei-Faktor-Anmeldung verwalten

## Personenverwaltung
people-notice-role-changed = Die Rolle wurde geändert.
people-notice-removed = { $email } hat hier keinen Zugang mehr.
people-notice-resent = Ein neuer Einladungslink wurde an { $email } gesendet; der frühere Link gilt nicht mehr.
people-notice-revoked = Die Einladung an { $email } wurde zurückgezogen.
people-notice-mfa-policy-saved = Die Zwei-Faktor-Vorgabe wurde gespeichert.
people-resend = Erneut senden
people-resend-label = Einladung an { $email } erneut senden
people-revoke = Zurückziehen
people-revoke-label = Einladung an { $email } zurückziehen
people-two-factor = Zwei-Faktor
people-two-factor-on = Ein
people-two-factor-off = Aus
people-role-of = Rolle von { $name }
people-role-save = Ändern
people-remove = Entfernen
people-remove-label = { $name } entfernen
people-not-yourself = Ihre eigene Rolle und Ihren eigenen Zugang können Sie nicht ändern; bitten Sie eine andere Administratorin oder einen anderen Administrator.
people-mfa-policy = Vorgabe zur Zwei-Faktor-Anmeldung
people-mfa-policy-help = Betroffene Personen, die sie noch nicht eingerichtet haben, werden beim nächsten Öffnen von Portico zur Einrichtung geführt.
people-mfa-buyers = Zwei-Faktor-Anmeldung für unsere eigenen Leute verlangen (Einkauf und Administration)
people-mfa-suppliers = Zwei-Faktor-Anmeldung für die Leute unserer Lieferanten verlangen
people-mfa-save = Vorgabe speichern

## Dokument-Links
mail-doclink-subject = { $organisation }: Bestellung { $document }
mail-doclink-intro = { $sender } von { $organisation } teilt die Bestellung { $document } auf Portico mit Ihnen. Sie können sie ohne Passwort öffnen.
mail-doclink-action = Bestellung { $document } öffnen
mail-doclink-outro = Der Link öffnet nur diese Bestellung, funktioniert einmal und läuft in { $days } Tagen ab. Wurde er schon verwendet, bietet die Seite an, Ihnen einen neuen zu senden.
link-title = Mit Ihnen geteilte Bestellung
link-intro = { $organisation } teilt die Bestellung { $document } mit { $email }.
link-expires = Dieser Link kann bis { $when } geöffnet werden.
link-open = Bestellung { $document } öffnen
link-renew-help = Wir können einen neuen Link an die Adresse senden, an die dieser ging.
link-renew = Neuen Link senden
link-renewed = Falls der Link von uns stammt, ist ein neuer an die Adresse unterwegs, an die er ging.
link-sign-in = Bei Portico anmelden
shared-ended-title = Diese geteilte Bestellung ist nicht mehr geöffnet
shared-ended-text = Der Zugang über einen E-Mail-Link endet nach einigen Stunden. Folgen Sie dem Link in Ihrer E-Mail erneut, um einen neuen anzufordern, oder melden Sie sich an, wenn Sie ein Portico-Konto haben.
shared-banner = Sie sehen diese Bestellung über einen an { $email } gesendeten Link. Nur diese Bestellung ist geöffnet, bis { $when }.
shared-offer-create = Erstellen Sie ein kostenloses Portico-Konto, um alle Bestellungen von { $organisation } zu sehen.
shared-offer-create-button = Konto erstellen
shared-offer-add = Fügen Sie { $organisation } Ihrer Portico-Anmeldung hinzu, um alle Bestellungen zu sehen.
shared-offer-add-button = Meiner Anmeldung hinzufügen
po-share = Mit einem Lieferantenkontakt teilen
po-share-help = Sendet per E-Mail einen Link, der diese und nur diese Bestellung 7 Tage lang ohne Passwort öffnet.
po-share-submit = Link senden
po-share-sent = Ein Link zu dieser Bestellung wurde an { $email } gesendet.
mfa-already-on = Die Zwei-Faktor-Anmeldung ist bereits eingeschaltet.
shared-offer-sent = Eine Einladung zum Erstellen Ihres Kontos ist an { $email } unterwegs.
shared-offer-none = Um alle Bestellungen von { $organisation } zu sehen, bitten Sie Ihren Ansprechpartner dort um eine Einladung.

## Integration
webhook-url-https = Der Endpunkt muss eine https://-Adresse sein.
webhook-url-credentials = Lassen Sie Benutzernamen und Passwörter aus der Adresse weg; Anfragen werden stattdessen signiert.
webhook-url-private = Der Endpunkt muss im öffentlichen Internet liegen, nicht unter einer privaten, lokalen oder Loopback-Adresse.
webhook-url-invalid = Geben Sie eine vollständige Adresse ein, etwa https://erp.example.com/portico/events.
webhook-types-missing = Wählen Sie mindestens einen Ereignistyp oder * für alle.
webhook-type-unknown = Einer der Ereignistypen steht nicht im Katalog von Portico; siehe /api/events/catalogue.
