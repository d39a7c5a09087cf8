import { Api, type Post } from './api.ts';
import './style.css';

/** Build-time API base: `/api` on the CloudFront origin (see docs/service-contract.md), or a full URL. */
const api = new Api((import.meta.env.VITE_API_BASE ?? '/api').replace(/\/+$/, ''), sessionStorage);

function element<T extends HTMLElement>(id: string, type: new () => T): T {
  const found = document.getElementById(id);
  if (!(found instanceof type)) throw new Error(`#${id} is missing from index.html`);
  return found;
}

const ui = {
  session: element('session', HTMLDivElement),
  whoami: element('whoami', HTMLSpanElement),
  logout: element('logout', HTMLButtonElement),
  status: element('status', HTMLParagraphElement),
  auth: element('auth', HTMLElement),
  signupForm: element('signup-form', HTMLFormElement),
  loginForm: element('login-form', HTMLFormElement),
  compose: element('compose', HTMLElement),
  postForm: element('post-form', HTMLFormElement),
  imageField: element('image-field', HTMLLabelElement),
  posts: element('posts', HTMLOListElement),
  more: element('more', HTMLButtonElement),
};

let nextCursor: string | null = null;

function say(message: string, isError = false): void {
  ui.status.textContent = message;
  ui.status.classList.toggle('error', isError);
}

function showSession(): void {
  const user = api.user;
  ui.session.hidden = !user;
  ui.auth.hidden = Boolean(user);
  ui.compose.hidden = !user;
  ui.whoami.textContent = user ? user.email : '';
}

function renderPost(post: Post): HTMLLIElement {
  const item = document.createElement('li');
  item.className = 'post';
  item.dataset.postId = post.id;
  const body = document.createElement('p');
  body.className = 'body';
  body.textContent = post.body;
  const meta = document.createElement('p');
  meta.className = 'meta';
  const author = post.authorId === api.user?.id ? 'you' : `user ${post.authorId.slice(0, 8)}`;
  meta.textContent = `${author} · ${new Date(post.createdAt).toLocaleString()}`;
  item.append(body);
  if (post.imageUrl) {
    const image = document.createElement('img');
    image.src = post.imageUrl;
    image.alt = `Image of post ${post.id}`;
    image.loading = 'lazy';
    item.append(image);
  }
  item.append(meta);
  return item;
}

async function loadPosts(more = false): Promise<void> {
  const page = await api.listPosts(more ? (nextCursor ?? undefined) : undefined);
  if (!more) ui.posts.replaceChildren();
  ui.posts.append(...page.items.map(renderPost));
  nextCursor = page.nextCursor;
  ui.more.hidden = nextCursor === null;
}

/** Runs a form's action with its submit button disabled; reports the outcome in the status line. */
function onSubmit(form: HTMLFormElement, action: (data: FormData) => Promise<string>): void {
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    const button = form.querySelector('button');
    if (button) button.disabled = true;
    try {
      say(await action(new FormData(form)));
      form.reset();
    } catch (err) {
      say((err as Error).message, true);
    } finally {
      if (button) button.disabled = false;
      showSession();
    }
  });
}

const text = (data: FormData, name: string) => String(data.get(name) ?? '');

onSubmit(ui.signupForm, async (data) => {
  const user = await api.signUp(text(data, 'email'), text(data, 'password'));
  await loadPosts();
  return `Welcome, ${user.email}.`;
});

onSubmit(ui.loginForm, async (data) => {
  const user = await api.logIn(text(data, 'email'), text(data, 'password'));
  await loadPosts();
  return `Logged in as ${user.email}.`;
});

onSubmit(ui.postForm, async (data) => {
  const image = data.get('image');
  const file = image instanceof File && image.size > 0 ? image : null;
  await api.createPost(text(data, 'body'), file);
  await loadPosts();
  return 'Posted.';
});

ui.logout.addEventListener('click', async () => {
  try {
    await api.logOut();
    say('Logged out.');
  } catch (err) {
    say(`Logged out here, but the server did not confirm: ${(err as Error).message}`, true);
  }
  showSession();
  loadPosts().catch((err: Error) => say(err.message, true));
});

ui.more.addEventListener('click', () => {
  loadPosts(true).catch((err: Error) => say(err.message, true));
});

showSession();
loadPosts().catch((err: Error) => say(`Could not load posts: ${err.message}`, true));
// The picker stays hidden unless the API confirms uploads work (no media bucket: text-only posts).
api
  .uploadsEnabled()
  .then((enabled) => {
    ui.imageField.hidden = !enabled;
  })
  .catch((err: Error) => say(`Could not load the API's settings: ${err.message}`, true));
