#include <algorithm>

#include "rules/rule.h"

namespace amilint {

namespace {

void judge(const Str& a, const std::string& what, RuleContext& ctx, const char* shares = " shares with ") {
  if (!a.known()) return;
  const auto& trusted = ctx.options().trusted_accounts;
  if (!is_account_id(a.value)) {
    ctx.report(a, a.value,
               what + shares + "'" + a.value + "', not a 12-digit account ID; correct it");
  } else if (!trusted.empty() && std::find(trusted.begin(), trusted.end(), a.value) == trusted.end()) {
    ctx.report(a, a.value,
               what + shares + "untrusted account " + a.value + "; remove or trust it");
  }
}

void check(const Model& m, RuleContext& ctx) {
  for (const auto& lp : m.launch_permissions) {
    judge(lp.account_id, lp.address, ctx, lp.snapshot ? " shares its snapshots with " : " shares with ");
    if (lp.org_arn.known() && !is_org_arn(lp.org_arn.value, lp.org_unit))
      ctx.report(lp.org_arn, lp.org_arn.value,
                 lp.address + " shares with '" + lp.org_arn.value + "', not an " +
                     (lp.org_unit ? "organizational unit" : "organization") + " ARN; correct it");
  }
  for (const auto& dc : m.distributions)
    for (const auto& d : dc.distributions)
      for (const auto& a : d.accounts)
        judge(a, "Image Builder distribution" + (d.region.known() ? " to " + d.region.value : std::string()), ctx);
  for (const auto& lp : m.lifecycle_policies) {
    if (!lp.image_policy) continue;  // snapshot policies share snapshots, not AMIs
    for (const auto& a : lp.share_accounts) judge(a, "DLM AMI policy '" + lp.resource + "'", ctx);
  }
}

}  // namespace

extern const Rule kAmi031 = {
    "AMI031", "ami-shared-with-untrusted-account", Severity::Warning, true, "all",
    "An AMI is shared with an account that is not trusted.",
    R"(## What it does
When config `trusted_accounts` is set, reports an AMI shared with an account that
is not in it: launch permissions, Image Builder `TargetAccountIds` / `UserIds`, share
rules of DLM AMI policies (`IMAGE_MANAGEMENT`; snapshot policies share no AMI),
Packer `ami_users` and `snapshot_users`.
Always reported, list or no list: an account ID that is not 12 digits, and a Packer
`ami_org_arns` / `ami_ou_arns` entry or a Terraform launch permission's
`organization_arn` / `organizational_unit_arn` that is not an organization
(`arn:aws:organizations::ACCOUNT:organization/o-ID`) or organizational unit
(`arn:aws:organizations::ACCOUNT:ou/o-ID/ou-ROOT-ID`) ARN. Organizations are not
compared with `trusted_accounts`.

## Why is this bad?
A shared AMI can be launched and its snapshots copied by the other account. A typo
in an account ID shares the image with a stranger, or with nobody.

## Example
```yaml
TargetAccountIds: ["11112222333"]   # 11 digits
```

## Use instead
The exact 12-digit account IDs of your own accounts, listed in `trusted_accounts`
(`.amilint.yaml`, or `--trusted-account` on the command line):

```yaml
trusted_accounts: ["111122223333", "444455556666"]
```

An account that should have the image but is not yours (a partner, a vendor): add it
to `trusted_accounts` once it is reviewed.)",
    check, kAnyFormat, Needs::Nothing, Identity::SlotAndValue};

}  // namespace amilint
