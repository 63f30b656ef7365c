import { defineMessages } from '../i18n.ts';

/** The agenda panel's strings for correcting the running order (issue 6): kept apart from the room's. */
export const at = defineMessages(
  {
    new_heading: 'Mục mới',
    new_title: 'Nội dung mục mới',
    save_new: 'Thêm vào chương trình',
    skip: 'Bỏ qua mục này',
    unskip: 'Không bỏ qua nữa',
    status_skipped: 'Đã bỏ qua',
    deleted: 'Đã xóa mục «{title}».',
  },
  {
    new_heading: 'New item',
    new_title: 'Title of the new item',
    save_new: 'Add to the agenda',
    skip: 'Skip this item',
    unskip: 'Do not skip',
    status_skipped: 'Skipped',
    deleted: 'Deleted the item "{title}".',
  },
);
