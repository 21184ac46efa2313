# Global sieve_before script of the inboxprobe lab (lab/templates/dovecot/spam-to-junk.sieve).
# rspamd's milter adds "X-Spam: Yes" for the add_header action and strips a sender's
# forged one before that, so this header is the MX's own verdict.
require ["fileinto", "mailbox"];

if anyof (header :is "X-Spam" "Yes", header :is "X-Spam-Flag" "YES") {
  fileinto :create "Junk";
  stop;
}
