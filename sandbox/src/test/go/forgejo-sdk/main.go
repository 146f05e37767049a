// Drives the Forgejo stand-in with the official Gitea Go SDK (code.gitea.io/sdk/gitea), as a
// Forgejo user would: version check, password-only token creation, paged listing through the Link
// header, scope normalisation and deletion. Run by ForgejoSdkTest; prints "ok" on success.
package main

import (
	"fmt"
	"os"
	"strings"

	"code.gitea.io/sdk/gitea"
)

func main() {
	if len(os.Args) != 4 {
		fail("usage: forgejo-sdk <base-url> <user> <password>")
	}
	base, user, password := os.Args[1], os.Args[2], os.Args[3]

	// NewClient reads /api/v1/version first and refuses servers it cannot place
	client, err := gitea.NewClient(base, gitea.SetBasicAuth(user, password))
	check(err, "new client")
	v, _, err := client.ServerVersion()
	check(err, "server version")
	if !strings.HasPrefix(v, "11.") {
		fail("unexpected version " + v)
	}

	const count = 65
	var first *gitea.AccessToken
	for i := 0; i < count; i++ {
		t, _, err := client.CreateAccessToken(gitea.CreateAccessTokenOption{
			Name:   fmt.Sprintf("sdk-%02d", i),
			Scopes: []gitea.AccessTokenScope{"read:repository", "write:repository"},
		})
		check(err, "create token")
		if i == 0 {
			first = t
		}
	}
	if len(first.Token) != 40 || len(first.Scopes) != 1 || first.Scopes[0] != "write:repository" {
		fail(fmt.Sprintf("created token: %+v", first))
	}

	seen := 0
	pages := 0
	for page := 1; page != 0; {
		tokens, resp, err := client.ListAccessTokens(gitea.ListAccessTokensOptions{
			ListOptions: gitea.ListOptions{Page: page, PageSize: 50},
		})
		check(err, "list tokens")
		if resp.Header.Get("X-Total-Count") != fmt.Sprint(count) {
			fail("X-Total-Count " + resp.Header.Get("X-Total-Count"))
		}
		for _, t := range tokens {
			if t.Token != "" {
				fail("a listed token shows its value")
			}
		}
		seen += len(tokens)
		pages++
		page = resp.NextPage
	}
	if seen != count || pages != 2 {
		fail(fmt.Sprintf("listed %d tokens on %d pages", seen, pages))
	}

	// a token is not a password: Forgejo refuses token management by token
	byToken, err := gitea.NewClient(base, gitea.SetBasicAuth(user, first.Token))
	check(err, "token client")
	_, _, err = byToken.CreateAccessToken(gitea.CreateAccessTokenOption{
		Name: "by-token", Scopes: []gitea.AccessTokenScope{"read:repository"},
	})
	if err == nil || !strings.Contains(err.Error(), "auth method not allowed") {
		fail(fmt.Sprintf("token creation by token: %v", err))
	}

	_, err = client.DeleteAccessToken(first.ID)
	check(err, "delete by id")
	_, err = client.DeleteAccessToken("sdk-01")
	check(err, "delete by name")
	_, err = client.DeleteAccessToken("sdk-01")
	if err == nil {
		fail("deleting a deleted token succeeded")
	}
	fmt.Println("ok")
}

func check(err error, what string) {
	if err != nil {
		fail(what + ": " + err.Error())
	}
}

func fail(message string) {
	fmt.Fprintln(os.Stderr, message)
	os.Exit(1)
}
