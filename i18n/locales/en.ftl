# Portico user interface: English (the fallback language).
# Keep every id present in every language file; a test enforces it.

app-name = Portico
app-tagline = Supplier collaboration portal
skip-to-content = Skip to content
nav-purchase-orders = Purchase orders
nav-main = Main navigation
nav-signed-in-as = Signed in as { $name }
nav-sign-out = Sign out
nav-language = Language
nav-language-apply = Change language
footer-text = Portico — open-source supplier collaboration

login-title = Sign in to Portico
login-subtitle = Confirm orders, ship and invoice your customers in one place.
login-email = Email
login-password = Password
login-submit = Sign in
login-failed = The email or password is not correct.
login-missing = Enter your email and password.
login-unavailable = Signing in is not possible right now. Please try again in a moment.

workspace-supplier = { $name } — supplier portal
workspace-buyer = { $name } — buyer workspace

inbox-title = Purchase orders
inbox-subtitle-supplier = Orders from { $name }
inbox-subtitle-buyer = All suppliers of { $name }
inbox-filters = Filter purchase orders
inbox-status = Status
inbox-status-all = All statuses
inbox-search = PO number
inbox-search-placeholder = e.g. 4500012
inbox-apply = Apply
inbox-reset = Reset
inbox-empty = No purchase orders match these filters.
inbox-pager = Pages
inbox-newer = Newer
inbox-older = Older
inbox-first = First page
inbox-col-number = PO number
inbox-col-supplier = Supplier
inbox-col-order-date = Order date
inbox-col-requested = Requested
inbox-col-status = Status
inbox-col-lines = Lines
inbox-col-total = Total
inbox-bad-request = This list cannot be shown: { $name }
inbox-bad-cursor = the page link is malformed. Start again from the first page.
inbox-bad-status = the status filter is not known.
inbox-bad-search = the search text is too long.
inbox-bad-both = a page link cannot point both ways.

status-new = New
status-acknowledged = Acknowledged
status-change_pending = Changes pending
status-rejected = Rejected
status-partially_shipped = Partially shipped
status-shipped = Shipped
status-invoiced = Invoiced
status-closed = Closed
status-cancelled = Cancelled

po-title = Purchase order { $number }
po-back = Back to purchase orders
po-breadcrumb = Breadcrumb
po-version = Version { $version }
po-header = Order details
po-order-date = Order date
po-status = Status
po-buyer = Buyer
po-supplier = Supplier
po-ship-to = Ship to
po-payment-terms = Payment terms
po-incoterms = Incoterms
po-currency = Currency
po-notes = Notes
po-lines = Lines
po-col-line = Line
po-col-item = Item
po-col-supplier-part = Supplier part
po-col-description = Description
po-col-quantity = Quantity
po-col-uom = Unit
po-col-unit-price = Unit price
po-col-requested = Requested date
po-col-amount = Amount
po-total = Order total
po-none = —

not-found-title = Not found
not-found-text = The page or document you asked for does not exist, or you do not have access to it.
error-title = Something went wrong
error-text = Your request could not be completed. Please try again; if it keeps happening, tell your administrator.
loading = Loading…
error-too-many-attempts = Too many failed attempts. Please wait an hour and try again, or reset your password.

## E-mailed links
link-invalid = This link is not valid. It may be incomplete: open it straight from the e-mail, or ask for a new one.
link-expired = This link has expired. Ask for a new one below.
link-used = This link has already been used. Each link works once; ask for a new one if you still need it.

## Passwords
field-email-invalid = Enter an e-mail address such as name@company.com.
password-too-short = Use at least 12 characters. A few unrelated words make a strong, memorable password.
password-too-long = Use at most 1024 characters.
password-too-common = This password is too easy to guess (it is common, or close to your name or e-mail). Try a few unrelated words.
password-current-wrong = Your current password is not correct.
password-mismatch = The two passwords do not match.
password-new = New password
password-confirm = Repeat the new password
password-current = Current password
password-hint = At least 12 characters. Long passphrases are welcome; no special characters required.
login-forgot = Forgot your password?
login-notice-password-reset = Your password has been changed. Sign in with your new password.
forgot-title = Reset your password
forgot-subtitle = Enter the e-mail address you sign in with. We will send you a link to choose a new password.
forgot-submit = Send reset link
forgot-sent = If an account exists for that address, a link to reset the password is on its way. It works for 30 minutes.
back-to-login = Back to sign in
reset-title = Choose a new password
reset-for = For { $email }
reset-submit = Save new password
reset-request-new = Request a new link

## Account
nav-account = Your account
account-title = Your account
account-notice-password-changed = Your password has been changed. Your other sessions have been signed out.
account-notice-session-ended = The session has been signed out.
account-password = Password
account-password-submit = Change password
account-sessions = Where you are signed in
account-sessions-help = Sign out any session you do not recognise, then change your password.
session-browser = Browser
session-signed-in = Signed in
session-last-seen = Last active
session-address = Address
session-actions = Actions
session-this = This browser
session-end = Sign out

## Development mailbox
mailbox-title = Development mailbox
mailbox-help = No mail server is configured, so messages stay here instead of being sent. Anyone who can open this page can read them: configure smtp_url before inviting real people.
mailbox-empty = No messages yet.
mailbox-to = To
mailbox-sent = Queued
mailbox-open-link = Open the link in this message

## E-mails
mail-footer = Portico supplier portal. You receive this message because of an action on your account.
mail-reset-subject = Reset your Portico password
mail-reset-intro = Someone (hopefully you) asked to reset the password of your Portico account. The link below works once, for { $minutes } minutes.
mail-reset-action = Choose a new password
mail-reset-outro = If you did not ask for this, ignore this message: your password stays as it is.
mail-invite-subject = { $inviter } invites you to { $organisation } on Portico
mail-invite-intro = { $inviter } has invited you to work with { $organisation } on Portico, the supplier portal for purchase orders, shipments and invoices.
mail-invite-action = Accept the invitation
mail-invite-outro = The invitation works once and expires in { $days } days. If you did not expect it, you can ignore this message.

## Choosing a customer
workspace-switch-label = Customer
workspace-switch = Switch
workspace-choice-supplier = { $customer } (as { $supplier })

## People and invitations
nav-people = People
error-forbidden = Your role does not allow this. Ask an administrator of your organisation.
people-title = People
people-invite = Invite someone
people-invite-submit = Send invitation
people-invited = Invitation sent to { $email }. The link in it works once, for 7 days.
people-role = Role
people-supplier = Supplier
people-supplier-none = — (for buyer roles)
people-supplier-hint = Needed when inviting a supplier's person.
people-pending = Pending invitations
people-pending-none = No invitations are waiting.
people-expires = Expires
people-members = Members
people-name = Name
people-disabled = disabled
role-buyer_admin = Buyer administrator
role-buyer = Buyer
role-supplier_admin = Supplier administrator
role-supplier_user = Supplier user
invite-role-not-allowed = You cannot invite people into this role.
invite-supplier-missing = Choose the supplier this person works for.
invite-already-member = This person is already a member here.
invite-password-wrong = The password is not correct for this Portico login.
invite-name-missing = Enter your name as colleagues should see it.
invitation-title = Your invitation
invitation-intro = { $inviter } invites you to { $place } as { $role }.
invitation-at-supplier = { $organisation } for { $supplier }
invitation-new = Choose your name and a password to create your Portico login.
invitation-existing = You already have a Portico login with this address: confirm with its password, and this organisation is added to it.
invitation-accept = Accept and continue
invitation-ask-again = Ask the person who invited you to send a new invitation.

## Two-factor sign-in
link-revoked = This link was withdrawn by the person who sent it. Ask them for a new one if you still need it.
mfa-setup-required = Your organisation requires two-factor sign-in. Set it up to continue.
mfa-code-wrong = That code is not correct. Enter the current six-digit code from your app, or one of your recovery codes.
mfa-not-started = Start the set-up first.
mfa-not-enabled = Two-factor sign-in is not switched on.
mfa-required-cannot-disable = Your organisation requires two-factor sign-in, so it cannot be switched off.
mfa-too-many = Too many wrong codes. For your security, try again in an hour, or ask your administrator for help.
mfa-login-title = Two-factor sign-in
mfa-login-help = Enter the six-digit code from your authenticator app. Without your phone, enter one of your recovery codes.
mfa-code = Code
mfa-login-submit = Verify and sign in
mfa-login-restart = Start again with your e-mail and password
mfa-login-expired = Sign-in took too long. Please enter your e-mail and password again.
login-notice-invitation-accepted = The invitation was accepted. Sign in with your password and your two-factor code to open the new customer.
mfa-title = Two-factor sign-in
mfa-notice-mfa-started = Scan the QR code with your authenticator app, then enter the code it shows.
mfa-notice-mfa-enabled = Two-factor sign-in is on. Keep your recovery codes somewhere safe.
mfa-notice-mfa-disabled = Two-factor sign-in is off.
mfa-notice-mfa-codes-replaced = New recovery codes were made; the old ones no longer work.
mfa-required-banner = Your organisation requires two-factor sign-in. Set it up now: the rest of Portico opens once it is on.
mfa-codes-title = Your recovery codes
mfa-codes-help = Each code works once, if you lose your phone. Print them or store them in a password manager now: they will not be shown again.
mfa-off-title = Two-factor sign-in is off
mfa-off-help = With two-factor sign-in, signing in needs your password and a code from an authenticator app on your phone (for example Google Authenticator, Microsoft Authenticator, 1Password or FreeOTP), so a stolen password alone is not enough.
mfa-start = Set up two-factor sign-in
mfa-setup-title = Set up your authenticator app
mfa-setup-scan = Scan this QR code with your authenticator app.
mfa-qr-alt = QR code to add your Portico account to an authenticator app
mfa-setup-type = Cannot scan? Type this key into the app:
mfa-setup-open-app = On this phone? Open the authenticator app directly
mfa-setup-confirm = Enter your password and the six-digit code the app now shows, to confirm it works. Your other sessions then end.
mfa-code-app = Code from the app
mfa-confirm = Switch on two-factor sign-in
mfa-restart = Start over with a new key
mfa-on-title = Two-factor sign-in
mfa-on-badge = On
mfa-on-since = Switched on { $when }.
mfa-codes-left = Unused recovery codes: { $count }
mfa-new-codes-title = New recovery codes
mfa-new-codes-help = Makes ten new recovery codes and voids the old ones. Use this if you have used several or think someone saw them.
mfa-new-codes = Make new recovery codes
mfa-disable-title = Switch off two-factor sign-in
mfa-disable-help = Signing in will need only your password again.
mfa-disable = Switch off
account-two-factor = Two-factor sign-in
account-two-factor-help = A code from your phone in addition to your password.
account-two-factor-manage = Manage two-factor sign-in

## People administration
people-notice-role-changed = The role was changed.
people-notice-removed = { $email } no longer has access here.
people-notice-resent = A new invitation link was sent to { $email }; the earlier link no longer works.
people-notice-revoked = The invitation to { $email } was withdrawn.
people-notice-mfa-policy-saved = The two-factor requirement was saved.
people-resend = Resend
people-resend-label = Resend the invitation to { $email }
people-revoke = Withdraw
people-revoke-label = Withdraw the invitation to { $email }
people-two-factor = Two-factor
people-two-factor-on = On
people-two-factor-off = Off
people-role-of = Role of { $name }
people-role-save = Change
people-remove = Remove
people-remove-label = Remove { $name }
people-not-yourself = You cannot change your own role or access; ask another administrator.
people-mfa-policy = Two-factor sign-in requirement
people-mfa-policy-help = People covered who have not set it up are taken to the set-up page when they next open Portico.
people-mfa-buyers = Require two-factor sign-in for our own people (buyers and administrators)
people-mfa-suppliers = Require two-factor sign-in for our suppliers' people
people-mfa-save = Save requirement

## Document links
mail-doclink-subject = { $organisation }: purchase order { $document }
mail-doclink-intro = { $sender } of { $organisation } shares purchase order { $document } with you on Portico. You can open it without a password.
mail-doclink-action = Open purchase order { $document }
mail-doclink-outro = The link opens this order only, works once and expires in { $days } days. If it has been used, the page offers to send you a fresh one.
link-title = Purchase order shared with you
link-intro = { $organisation } shares purchase order { $document } with { $email }.
link-expires = This link can be opened until { $when }.
link-open = Open purchase order { $document }
link-renew-help = We can send a fresh link to the address this one was sent to.
link-renew = Send me a fresh link
link-renewed = If the link was ours, a fresh one is on its way to the address it was sent to.
link-sign-in = Sign in to Portico
shared-ended-title = This shared order is no longer open
shared-ended-text = Access through an e-mailed link ends after a few hours. Follow the link in your e-mail again to ask for a fresh one, or sign in if you have a Portico account.
shared-banner = You are viewing this order through a link sent to { $email }. Only this order is open, until { $when }.
shared-offer-create = Create a free Portico account to see all orders from { $organisation }.
shared-offer-create-button = Create account
shared-offer-add = Add { $organisation } to your Portico login to see all its orders.
shared-offer-add-button = Add to my login
po-share = Share with a supplier contact
po-share-help = E-mails a link that opens this order, and only this order, for 7 days, without a password.
po-share-submit = Send link
po-share-sent = A link to this order was sent to { $email }.
mfa-already-on = Two-factor sign-in is already on.
shared-offer-sent = An invitation to create your account is on its way to { $email }.
shared-offer-none = To see all orders from { $organisation }, ask your contact there for an invitation.

## Integration
webhook-url-https = The endpoint must be an https:// address.
webhook-url-credentials = Leave user names and passwords out of the address; requests are signed instead.
webhook-url-private = The endpoint must be on the public internet, not a private, local or loopback address.
webhook-url-invalid = Enter a full address such as https://erp.example.com/portico/events.
webhook-types-missing = Choose at least one event type, or * for all.
webhook-type-unknown = One of the event types is not in Portico's catalogue; see /api/events/catalogue.
