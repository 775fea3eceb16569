// Portrait's page: plain JavaScript, no build step. An <img src> cannot send an Authorization
// header, so photos are shown through signed links (docs/links-and-changes.md) that the page asks
// for with the bearer token; only the preview of a file not yet uploaded is a blob: URL.
'use strict';

const API = '/v1.0';
const TOKEN_KEY = 'portrait.token';

const $ = (id) => document.getElementById(id);

/** blob: URLs per area of the page (only the upload preview has any), revoked when that area is drawn again. */
const blobs = { preview: [] };

function revoke(area) {
    blobs[area].forEach((url) => URL.revokeObjectURL(url));
    blobs[area] = [];
}

function blobUrl(area, blob) {
    const url = URL.createObjectURL(blob);
    blobs[area].push(url);
    return url;
}

function token() {
    return sessionStorage.getItem(TOKEN_KEY);
}

function say(message) {
    $('status').textContent = message;
}

function fail(message) {
    $('error').textContent = message;
}

function clearMessages() {
    say('');
    fail('');
}

/** The Graph error's message, or a plain description when the body is not Graph error JSON. */
function errorMessage(status, text) {
    try {
        const error = JSON.parse(text).error;
        if (error && error.message) {
            return error.message + ' (' + error.code + ', HTTP ' + status + ')';
        }
    } catch (notJson) {
        // fall through
    }
    return 'The server answered HTTP ' + status + '.';
}

class ApiError extends Error {
    constructor(status, message) {
        super(message);
        this.status = status;
    }
}

/** fetch() against the API with the token; throws ApiError with the server's message. */
async function api(path, options = {}) {
    const response = await fetch(API + path, {
        ...options,
        // Revalidate cached photos: after an upload the same URL has new bytes (the server answers 304 otherwise).
        cache: 'no-cache',
        headers: { ...(options.headers || {}), Authorization: 'Bearer ' + token() },
    });
    if (!response.ok) {
        throw new ApiError(response.status, errorMessage(response.status, await response.text()));
    }
    return response;
}

async function json(path) {
    return (await api(path)).json();
}

/** The signed link of a photo's bytes (GET …/link), for an <img src> that needs no token. */
async function link(path) {
    return (await json(path)).url;
}

/** The claims of a JWT, for showing who is signed in and until when; the server verifies the token. */
function claims(jwt) {
    try {
        const payload = jwt.split('.')[1].replace(/-/g, '+').replace(/_/g, '/');
        return JSON.parse(new TextDecoder().decode(Uint8Array.from(atob(payload), (c) => c.charCodeAt(0))));
    } catch (notAJwt) {
        return {};
    }
}

// ------------------------------------------------------------------ token

async function useToken(value) {
    sessionStorage.setItem(TOKEN_KEY, value.trim());
    $('token').value = '';
    clearMessages();
    try {
        const me = await json('/me');
        const c = claims(token());
        const expires = c.exp ? ' The token expires at ' + new Date(c.exp * 1000).toLocaleTimeString() + '.' : '';
        $('signed-in').textContent = 'Signed in as ' + (me.displayName || me.userPrincipalName || me.id)
            + (me.userPrincipalName ? ' (' + me.userPrincipalName + ')' : '') + '.' + expires;
        $('signed-in').hidden = false;
        $('me').hidden = false;
        $('directory').hidden = false;
        await showMyPhoto();
    } catch (error) {
        fail('This token was not accepted: ' + error.message);
        $('me').hidden = true;
        $('directory').hidden = true;
        $('signed-in').hidden = true;
    }
}

function forgetToken() {
    sessionStorage.removeItem(TOKEN_KEY);
    $('upload-form').reset();
    choose();
    Object.keys(blobs).forEach(revoke);
    $('sizes').replaceChildren();
    $('people').replaceChildren();
    $('me').hidden = true;
    $('directory').hidden = true;
    $('signed-in').hidden = true;
    clearMessages();
    say('The token is forgotten.');
}

// ------------------------------------------------------------------ my photo

async function showMyPhoto() {
    const list = await json('/me/photos');
    const items = [];
    for (const photo of list.value) {
        const size = photo.width + 'x' + photo.height;
        const url = await link('/me/photos/' + size + '/link');
        items.push({ size, url, width: photo.width, height: photo.height });
    }
    // Drawn only once every link has arrived, so the old set stays until the new one is complete.
    const sizes = $('sizes');
    sizes.replaceChildren(...items.map((item) => {
        const li = document.createElement('li');
        const img = document.createElement('img');
        img.src = item.url;
        img.width = item.width;
        img.height = item.height;
        img.alt = 'Your photo, ' + item.width + ' by ' + item.height + ' pixels';
        img.dataset.size = item.size;
        const caption = document.createElement('span');
        caption.textContent = item.size;
        li.append(img, caption);
        return li;
    }));
    $('no-photo').hidden = items.length > 0;
    $('delete').disabled = items.length === 0;
    return items.length;
}

function choose() {
    revoke('preview');
    const file = $('file').files[0];
    $('upload').disabled = !file;
    $('progress').value = 0;
    fail('');
    if (!file) {
        $('preview-figure').hidden = true;
        return;
    }
    $('preview').src = blobUrl('preview', file);
    $('preview-figure').hidden = false;
}

/** PUT with XMLHttpRequest: fetch() cannot report upload progress. */
function upload(event) {
    event.preventDefault();
    const file = $('file').files[0];
    if (!file) {
        return;
    }
    clearMessages();
    const progress = $('progress');
    progress.value = 0;
    $('upload').disabled = true;
    const xhr = new XMLHttpRequest();
    xhr.open('PUT', API + '/me/photo/$value');
    xhr.setRequestHeader('Authorization', 'Bearer ' + token());
    // The server sniffs the format; a file the browser does not call an image is sent as bytes.
    xhr.setRequestHeader('Content-Type', file.type.startsWith('image/') ? file.type : 'application/octet-stream');
    xhr.upload.onprogress = (e) => {
        if (e.lengthComputable) {
            progress.value = Math.round(100 * e.loaded / e.total);
        }
    };
    xhr.onload = async () => {
        $('upload').disabled = false;
        if (xhr.status >= 200 && xhr.status < 300) {
            progress.value = 100;
            say('Your photo is uploaded. Loading every size…');
            try {
                const count = await showMyPhoto();
                say('Your photo is uploaded: ' + count + (count === 1 ? ' size' : ' sizes') + ' available.');
            } catch (error) {
                fail(error.message);
            }
        } else {
            progress.value = 0;
            fail('The upload was refused: ' + errorMessage(xhr.status, xhr.responseText));
        }
    };
    xhr.onerror = () => {
        $('upload').disabled = false;
        progress.value = 0;
        fail('The upload failed: the server could not be reached.');
    };
    xhr.send(file);
}

async function deletePhoto() {
    clearMessages();
    try {
        await api('/me/photo', { method: 'DELETE' });
        await showMyPhoto();
        say('Your photo is deleted.');
    } catch (error) {
        fail('The photo was not deleted: ' + error.message);
    }
}

// ------------------------------------------------------------------ directory

const LISTS = {
    users: {
        title: 'Users', path: '/users',
        detail: (o) => o.userPrincipalName || o.mail || '', photo: (o) => '/users/' + encodeURIComponent(o.id),
    },
    groups: {
        title: 'Groups', path: '/groups',
        detail: (o) => o.description || o.mail || '', photo: (o) => '/groups/' + encodeURIComponent(o.id),
    },
    contacts: {
        title: 'My contacts', path: '/me/contacts',
        detail: (o) => (o.emailAddresses && o.emailAddresses[0] ? o.emailAddresses[0].address : ''),
        photo: (o) => '/me/contacts/' + encodeURIComponent(o.id),
    },
};

function initials(name) {
    const words = (name || '?').trim().split(/\s+/).filter(Boolean);
    const letters = words.length > 1 ? words[0][0] + words[words.length - 1][0] : (words[0] || '?').slice(0, 2);
    return letters.toUpperCase();
}

function placeholder(name) {
    const avatar = document.createElement('span');
    avatar.className = 'avatar initials';
    avatar.setAttribute('role', 'img');
    avatar.setAttribute('aria-label', 'No photo of ' + name);
    avatar.textContent = initials(name);
    return avatar;
}

/** A 96x96 square for 48 CSS pixels; photos smaller than that have only their largest size. */
async function avatar(photoPath, name) {
    for (const path of [photoPath + '/photos/96x96/link', photoPath + '/photo/link']) {
        try {
            const url = await link(path);
            const img = document.createElement('img');
            img.className = 'avatar';
            img.src = url;
            img.alt = 'Photo of ' + name;
            return img;
        } catch (error) {
            if (error.status !== 404) {
                break;
            }
        }
    }
    return placeholder(name);
}

async function showList(name) {
    const list = LISTS[name];
    clearMessages();
    document.querySelectorAll('[data-list]').forEach((b) => b.setAttribute('aria-pressed', String(b.dataset.list === name)));
    const heading = $('list-heading');
    const people = $('people');
    people.replaceChildren();
    heading.textContent = list.title;
    heading.hidden = false;
    let owners;
    try {
        owners = (await json(list.path)).value;
    } catch (error) {
        fail('Cannot list ' + list.title.toLowerCase() + ': ' + error.message);
        return;
    }
    const items = await Promise.all(owners.map(async (owner) => {
        const label = owner.displayName || owner.userPrincipalName || owner.id;
        const li = document.createElement('li');
        li.dataset.id = owner.id;
        const text = document.createElement('div');
        const title = document.createElement('div');
        title.className = 'name';
        title.textContent = label;
        const detail = document.createElement('div');
        detail.className = 'detail';
        detail.textContent = list.detail(owner);
        text.append(title, detail);
        li.append(await avatar(list.photo(owner), label), text);
        return li;
    }));
    people.replaceChildren(...items);
    say(list.title + ': ' + items.length + (items.length === 1 ? ' entry.' : ' entries.'));
    heading.focus();
}

// ------------------------------------------------------------------ wiring

document.addEventListener('DOMContentLoaded', () => {
    $('token-form').addEventListener('submit', (event) => {
        event.preventDefault();
        const value = $('token').value.trim();
        if (value) {
            useToken(value);
        } else {
            fail('Paste a token first.');
            $('token').focus();
        }
    });
    $('forget-token').addEventListener('click', forgetToken);
    $('file').addEventListener('change', choose);
    $('upload-form').addEventListener('submit', upload);
    $('delete').addEventListener('click', deletePhoto);
    document.querySelectorAll('[data-list]').forEach((button) =>
        button.addEventListener('click', () => showList(button.dataset.list)));
    if (token()) {
        useToken(token());
    }
});
