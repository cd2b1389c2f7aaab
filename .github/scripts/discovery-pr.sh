#!/usr/bin/env bash
# Commit the scaffolds `modelinv discover --write` made to the modelinv/discovery branch and
# open its pull request, or update the one already open: one pull request, never a pile.
# Needs GH_TOKEN (the workflow's token: contents and pull-requests write) and discovery.md.
set -euo pipefail
branch=modelinv/discovery
if [ -z "$(git status --porcelain -- catalog)" ]; then
  echo "discovery: no new catalog entries"
  exit 0
fi
git config user.name "modelinv discovery"
git config user.email "modelinv-discovery@users.noreply.github.com"
git checkout -B "$branch"
git add -- catalog
git commit -q -m "Discovery: catalog entries for shadow models"
git push -q --force "https://x-access-token:${GH_TOKEN}@github.com/${GITHUB_REPOSITORY}.git" "$branch"
if gh pr view "$branch" --json number >/dev/null 2>&1; then
  gh pr edit "$branch" --body-file discovery.md
else
  gh pr create --head "$branch" --title "Discovery: shadow models to register" --body-file discovery.md
fi
